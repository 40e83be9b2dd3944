import { AttachmentBuilder, MessageFlags } from 'discord.js';
import { guildDirectory, guildName } from '../../src/discord/guild-view.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { exportBackup } from '../../src/pipeline/use-cases/backup-export.js';

export default {
  name: 'export',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('export')
      .setDescription("This server's feeds, subscriptions, roles and settings as a file /backup import restores"),
  async execute(interaction, { deps, guildId, t }) {
    const [directory, name] = await Promise.all([guildDirectory(interaction), guildName(interaction)]);
    const document = await exportBackup(deps, guildId, {
      guild: name || null,
      channels: new Map(directory.channels.map((c) => [c.id, c.name])),
      roles: new Map(directory.roles.map((r) => [r.id, r.name])),
    });
    const json = `${JSON.stringify(document, null, 2)}\n`;
    await interaction.reply({
      content: t.backupExported({
        count: document.subscriptions.length + document.topics.length,
        briefings: document.briefings?.length ?? 0,
      }),
      files: [new AttachmentBuilder(Buffer.from(json, 'utf8'), { name: `herald-backup-${guildId}.json` })],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
