import { AttachmentBuilder, MessageFlags } from 'discord.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { exportFeeds } from '../../src/pipeline/use-cases/export-feeds.js';

export default {
  name: 'export',
  requires: { manageServer: true },
  build: (sub) => sub.setName('export').setDescription("This server's feeds as an OPML file, for another reader"),
  async execute(interaction, { deps, guildId, t }) {
    const { opml, count } = await exportFeeds(deps, guildId);
    if (count === 0) {
      await interaction.reply({ content: t.noSubscriptions(), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({
      content: t.exportDone({ count }),
      files: [new AttachmentBuilder(Buffer.from(opml, 'utf8'), { name: 'herald-feeds.opml' })],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
