import { MessageFlags } from 'discord.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { listFeedHealth, renderFeedHealthList } from '../../src/pipeline/feed-health.js';

export default {
  name: 'list',
  requires: { manageServer: true },
  build: (sub) =>
    sub.setName('list').setDescription("This server's feeds and their health: last success, last error, next poll"),
  async execute(interaction, { deps, guildId }) {
    const feeds = await listFeedHealth(deps, guildId);
    await interaction.reply({
      content: renderFeedHealthList(feeds, deps.now()),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
