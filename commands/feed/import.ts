import { ChannelType, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { postableChannel } from '../../src/discord/postable-channel.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { renderEscaped, renderUserError } from '../../src/discord/user-error.js';
import { checkOpmlSize, type OpmlDocument } from '../../src/feeds/opml.js';
import type { Catalogue } from '../../src/i18n/messages.js';
import { UserError } from '../../src/i18n/user-error.js';
import type { Logger } from '../../src/log.js';
import { fetchOpml, type ImportFeedsResult, importFeeds } from '../../src/pipeline/use-cases/import-feeds.js';

/**
 * No feed is started later than this after the command: Discord's interaction token lasts 15 minutes, a feed in
 * flight may take a minute more (30 s fetch, plus 30 s when its address is a page that links to the feed), and the
 * final answer must still be delivered. The feeds left are reported, and running the import again adds them.
 */
const TIME_BUDGET_MS = 12 * 60_000;
/** Progress edits, at most one per this interval (an interaction webhook allows a few requests a second). */
const PROGRESS_EVERY_MS = 2000;
/** Room for the failure list in a 2,000-character message. */
const MAX_REPLY = 1900;
/** Longest an address or a server's words are shown in one line of the failure list. */
const MAX_LINE_PARAM = 200;

export default {
  name: 'import',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('import')
      .setDescription('Follow every feed of an OPML file (exported from another reader) in a channel')
      .addAttachmentOption((o) => o.setName('file').setDescription('The OPML file (.opml or .xml)').setRequired(true))
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post (default: this channel)')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum),
      ),
  async execute(interaction, { deps, guildId, log, t }) {
    // Each feed is fetched and checked: this takes far longer than Discord's 3-second answer window.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channel = await postableChannel(interaction, guildId);
    const file = interaction.options.getAttachment('file', true);
    checkOpmlSize(file.size);
    const opml = await fetchOpml(deps, file.url);
    if (opml.feeds.length === 0 && opml.invalid.length === 0) throw new UserError('importNone');
    const progress = progressReporter(interaction, t, log);
    const result = await importFeeds(deps, {
      guildId,
      guildLocale: interaction.guildLocale ?? null,
      channelId: channel.id,
      channelType: channel.type,
      feeds: opml.feeds,
      deadline: deps.now() + TIME_BUDGET_MS,
      onProgress: progress.report,
    });
    await progress.settled();
    await interaction.editReply({
      content: renderImport(t, channel.id, opml, result),
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;

/**
 * Edits the deferred reply with "n/total", throttled; edits never overlap, a failed edit is only logged, and
 * `settled` waits for the last one so that it cannot land after the final answer.
 */
function progressReporter(interaction: ChatInputCommandInteraction, t: Catalogue, log: Logger) {
  let last = Date.now();
  let pending: Promise<unknown> = Promise.resolve();
  return {
    report({ done, total }: { done: number; total: number }) {
      if (done === total || Date.now() - last < PROGRESS_EVERY_MS) return;
      last = Date.now();
      pending = pending
        .then(() => interaction.editReply({ content: t.importProgress({ done, total }) }))
        .catch((err: unknown) => log.warn({ err }, 'import progress edit failed'));
    },
    settled: () => pending,
  };
}

/** The import's outcome: counts, then what failed (cut to fit one message), then what was not tried. */
export function renderImport(t: Catalogue, channelId: string, opml: OpmlDocument, result: ImportFeedsResult): string {
  // OPML titles and addresses, and errors quoting what a feed server said: outside text, escaped as it is rendered.
  const problems = [
    ...opml.invalid.map((i) => renderEscaped(t, 'importInvalid', i, MAX_LINE_PARAM)),
    ...result.outcomes.flatMap((o) =>
      o.status !== 'failed'
        ? []
        : [
            o.error
              ? renderUserError(o.error, t, MAX_LINE_PARAM)
              : safeText(o.url, { oneLine: true, max: MAX_LINE_PARAM }),
          ],
    ),
  ];
  const lines = [t.importResult({ channel: channelId, added: result.added, already: result.already })];
  if (problems.length > 0) lines.push(t.importFailed({ count: problems.length }));
  const tail = result.skipped > 0 ? t.importSkipped({ count: result.skipped }) : null;
  let length = lines.join('\n').length + (tail?.length ?? 0) + 20;
  for (const [i, problem] of problems.entries()) {
    const line = `• ${problem}`;
    if (length + line.length + 1 > MAX_REPLY) {
      lines.push(`• … (+${problems.length - i})`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (tail) lines.push(tail);
  return lines.join('\n');
}
