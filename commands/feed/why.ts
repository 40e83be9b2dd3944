import { MessageFlags } from 'discord.js';
import { renderWhy } from '../../src/discord/feed-admin.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { explainArticle } from '../../src/pipeline/use-cases/feed-admin.js';

export default {
  name: 'why',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('why')
      .setDescription('What became of an article in each channel here: posted, filtered, skipped, waiting, failed')
      .addStringOption((o) =>
        o.setName('url').setDescription("The article's link (or its guid)").setRequired(true).setMaxLength(2000),
      ),
  async execute(interaction, { deps, guildId, t }) {
    const url = interaction.options.getString('url', true);
    const report = await explainArticle(deps, guildId, url);
    await interaction.reply({
      content: renderWhy(guildId, url, report, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
