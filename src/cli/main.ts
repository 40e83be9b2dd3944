import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { FeedError } from '../feeds/errors.js';
import { UnavailableError } from '../unavailable.js';
import { UsageError } from './usage-error.js';

const USAGE = `Usage: herald <command>

  start [--role bot|worker|all|interactions]
                                  run Herald (default role: all; interactions: the HTTP endpoint for
                                  Discord's interactions, on HTTP_PORT)
  migrate                         apply database migrations
  deploy-commands [--guild ID]    register the slash commands with Discord
  parse-feed <url-or-file> [--json]
                                  fetch (or read) one feed and print it normalized
  fetch-profile <url> [--json]    what Herald sends to fetch that URL (user agent, proxy, headers,
                                  cookie names), from FEED_FETCH_PROFILES and FEED_PROXY_URL; no secrets
  preview [url-or-file] [--language TAG] [--layout PRESET] [--template JSON-OR-FILE] [--json]
                                  run the pipeline once without Discord or Redis and print the posts
                                  (no argument: the bundled sample feed); PRESET: full, compact,
                                  headline, points, bilingual; a template as on /template set
  stats [--json]                  LLM calls and tokens per model, summary fallbacks (last 7 days)
  search [--guild ID] [--page N] [--json] -- <query>
                                  search the archive (every feed, or one server's) with /search's syntax
  reindex                         rebuild the search index from the stored articles and summaries
  import-opml <file> --guild ID --channel ID
                                  follow every feed of an OPML file in a channel, as /feed import does
  export-opml --guild ID          print a server's feeds as OPML, as /feed export does
`;

/** The `herald` command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        role: { type: 'string', default: 'all' },
        json: { type: 'boolean', default: false },
        guild: { type: 'string' },
        channel: { type: 'string' },
        language: { type: 'string' },
        layout: { type: 'string' },
        template: { type: 'string' },
        page: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help || command === undefined || command === 'help' || command === '--help') {
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    }
    // Each command's module is loaded only when it runs: `start` pulls in discord.js, BullMQ and every command, which
    // costs a one-shot command like `migrate` or `parse-feed` seconds of start-up.
    switch (command) {
      case 'start':
        return await (await import('./start.js')).runStart(loadConfig(), values.role);
      case 'migrate':
        return await (await import('./migrate.js')).runMigrate(loadConfig());
      case 'deploy-commands':
        return await (await import('./deploy-commands.js')).runDeployCommands(loadConfig(), values.guild);
      case 'parse-feed':
        return await (await import('./parse-feed.js')).runParseFeed(loadConfig(), positionals[0], values.json);
      case 'fetch-profile':
        return await (await import('./fetch-profile.js')).runFetchProfile(loadConfig(), positionals[0], values.json);
      case 'preview':
        return await (await import('./preview.js')).runPreview(loadConfig(), positionals[0], {
          json: values.json,
          language: values.language,
          layout: values.layout,
          template: values.template,
        });
      case 'stats':
        return await (await import('./stats.js')).runStats(loadConfig(), values.json);
      case 'search':
        return await (await import('./search.js')).runSearch(loadConfig(), positionals.join(' '), {
          guild: values.guild,
          page: values.page,
          json: values.json,
        });
      case 'reindex':
        return await (await import('./reindex.js')).runReindex(loadConfig());
      case 'import-opml':
        return await (await import('./import-opml.js')).runImportOpml(loadConfig(), positionals[0], {
          guild: values.guild,
          channel: values.channel,
        });
      case 'export-opml':
        return await (await import('./export-opml.js')).runExportOpml(loadConfig(), { guild: values.guild });
      default:
        process.stderr.write(`herald: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    return reportFailure(err);
  }
}

/** One clear line (or one per problem) on stderr for the failures a user can fix; exit codes 2 (usage) or 1. */
function reportFailure(err: unknown): number {
  if (err instanceof ConfigError) {
    for (const p of err.problems) process.stderr.write(`herald: ${p}\n`);
    return 2;
  }
  // A UserError's message is its English text: the command line is for operators.
  if (
    err instanceof FeedError ||
    err instanceof UnavailableError ||
    err instanceof UsageError ||
    (err instanceof Error && err.name === 'UserError')
  ) {
    process.stderr.write(`herald: ${err.message}\n`);
    return 1;
  }
  if (err instanceof TypeError && 'code' in err && err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`herald: ${err.message}\n`);
    return 2;
  }
  throw err;
}
