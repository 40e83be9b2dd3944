import type { Config } from '../config.js';
import { OPML_LIMITS, opmlTooLarge, parseOpml } from '../feeds/opml.js';
import { readFileCapped } from '../feeds/read-file.js';
import { en } from '../i18n/en.js';
import { createLogger } from '../log.js';
import { importFeeds } from '../pipeline/use-cases/import-feeds.js';
import { openMigratedStore } from '../store/open.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';

const USAGE = 'usage: herald import-opml <file> --guild ID --channel ID';

/** A Discord id given on the command line, checked to look like one. */
export function snowflakeOption(name: string, value: string | undefined, usage: string): string {
  if (value === undefined) throw new UsageError(usage);
  if (!/^\d{17,20}$/.test(value))
    throw new UsageError(`--${name} must be a Discord id (17 to 20 digits), not "${value}"`);
  return value;
}

/**
 * `herald import-opml <file> --guild ID --channel ID`: what `/feed import` does, from the shell — every feed of the
 * file added to the server and followed in the channel, current items marked seen. Progress and each failure go to
 * stderr, the summary to stdout; exits 1 when any entry could not be added (the others are). The channel is not
 * checked with Discord: it must be a text or announcement channel of that server where Herald can post.
 */
export async function runImportOpml(
  config: Config,
  file: string | undefined,
  opts: { guild: string | undefined; channel: string | undefined },
): Promise<number> {
  if (!file) throw new UsageError(USAGE);
  const guildId = snowflakeOption('guild', opts.guild, USAGE);
  const channelId = snowflakeOption('channel', opts.channel, USAGE);
  let bytes: Buffer | null;
  try {
    bytes = await readFileCapped(file, OPML_LIMITS.maxBytes);
  } catch (cause) {
    throw new UsageError(`cannot read ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (bytes === null) throw opmlTooLarge();
  const opml = await parseOpml(bytes);
  const { store } = await openMigratedStore(config.DATABASE_URL);
  try {
    const progress = createProgress('imported');
    for (const entry of opml.invalid) progress.note(`skipped ${en.importInvalid(entry)}`);
    const result = await importFeeds(
      { config, store, now: Date.now, log: createLogger(config.LOG_LEVEL) },
      {
        guildId,
        guildLocale: null,
        channelId,
        feeds: opml.feeds,
        onProgress: ({ done, total, last }) => {
          if (last.status === 'failed') progress.note(`failed: ${last.error?.message ?? last.url}`);
          progress.update(done, total);
        },
      },
    );
    progress.end();
    const failed = result.failed + opml.invalid.length;
    process.stdout.write(
      `${result.added} added, ${result.already} already followed, ${failed} failed (${opml.duplicates} duplicates ignored)\n`,
    );
    return failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
