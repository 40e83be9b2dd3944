import { MessageFlags } from 'discord.js';
import { POSTABLE_CHANNEL_TYPES } from '../../src/discord/guild-refs.js';
import { guildDirectory } from '../../src/discord/guild-view.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { checkedTemplate } from '../../src/discord/template-format.js';
import { renderEscaped, renderUserError } from '../../src/discord/user-error.js';
import type { Catalogue } from '../../src/i18n/messages.js';
import { BACKUP_LIMITS, backupTooLarge, fetchBackup } from '../../src/pipeline/use-cases/backup-document.js';
import { type RestoreProblem, type RestoreResult, restoreBackup } from '../../src/pipeline/use-cases/backup-restore.js';

/** No feed is fetched later than this after the command, so the answer arrives within the interaction's 15 minutes. */
const TIME_BUDGET_MS = 12 * 60_000;
/** Room for the problem list in a 2,000-character message. */
const MAX_REPLY = 1900;
/** Longest a name, address or query from the file is shown in one line. */
const MAX_LINE_PARAM = 200;

export default {
  name: 'import',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('import')
      .setDescription('Restore a file made by /backup export, from this server or another')
      .addAttachmentOption((o) => o.setName('file').setDescription('The backup file (.json)').setRequired(true)),
  async execute(interaction, { deps, guildId, t }) {
    // Feeds Herald does not know yet are fetched: far longer than Discord's 3-second answer window.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const file = interaction.options.getAttachment('file', true);
    if (file.size > BACKUP_LIMITS.maxBytes) throw backupTooLarge();
    const { document, unknownKeys } = await fetchBackup(deps, file.url);
    const { channels, roles } = await guildDirectory(interaction);
    const postable: readonly number[] = POSTABLE_CHANNEL_TYPES;
    const result = await restoreBackup(deps, {
      guildId,
      guildLocale: interaction.guildLocale ?? null,
      document,
      unknownKeys,
      directory: { channels: channels.filter((c) => postable.includes(c.type)), roles },
      deadline: deps.now() + TIME_BUDGET_MS,
      checkTemplate: (source) => {
        checkedTemplate(source);
      },
    });
    await interaction.editReply({ content: renderRestore(t, result), allowedMentions: { parse: [] } });
  },
} satisfies Subcommand;

/** What a restore did, then what it could not restore as the backup says (cut to fit one message). */
export function renderRestore(t: Catalogue, result: RestoreResult): string {
  const lines = [t.backupRestored({ added: result.created, already: result.existing })];
  if (result.briefings > 0) lines.push(t.backupBriefingsRestored({ count: result.briefings }));
  const problems = result.problems.map((p) => renderProblem(t, p));
  if (problems.length > 0) lines.push(t.backupProblems({ count: problems.length }));
  let length = lines.join('\n').length + 20;
  for (const [i, problem] of problems.entries()) {
    const line = `• ${problem}`;
    if (length + line.length + 1 > MAX_REPLY) {
      lines.push(`• … (+${problems.length - i})`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

// Names, addresses, queries and paths come from the file: escaped as they are rendered.
function renderProblem(t: Catalogue, p: RestoreProblem): string {
  switch (p.kind) {
    case 'channel':
      return renderEscaped(t, 'backupMissingChannel', { name: p.name, count: p.count }, MAX_LINE_PARAM);
    case 'briefingChannel':
      return renderEscaped(t, 'backupMissingBriefingChannel', { name: p.name, count: p.count }, MAX_LINE_PARAM);
    case 'briefing':
      return t.backupRefusedBriefing({
        time: safeText(p.time, { oneLine: true, max: 20 }),
        reason: renderUserError(p.error, t, MAX_LINE_PARAM),
      });
    case 'forum':
      return renderEscaped(t, 'backupMissingForum', { name: p.name, count: p.count }, MAX_LINE_PARAM);
    case 'role':
      return renderEscaped(t, 'backupMissingRole', { name: p.name, count: p.count }, MAX_LINE_PARAM);
    case 'unknownKey':
      return renderEscaped(t, 'backupUnknownKey', { name: p.path }, MAX_LINE_PARAM);
    case 'skipped':
      return t.backupSkipped({ count: p.count });
    case 'refused': {
      const reason = renderUserError(p.error, t, MAX_LINE_PARAM);
      if (p.what === null) return t.backupRefusedSettings({ reason });
      return t.backupRefused({ value: safeText(p.what, { oneLine: true, max: MAX_LINE_PARAM }), reason });
    }
  }
}
