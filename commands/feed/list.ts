import { MessageFlags } from 'discord.js';
import { renderFeedHealthList } from '../../src/discord/feed-health.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { listFeedHealth } from '../../src/pipeline/use-cases/feed-health.js';

export default {
  name: 'list',
  requires: { manageServer: true },
  build: (sub) =>
    sub.setName('list').setDescription("This server's feeds and their health: last success, last error, next poll"),
  async execute(interaction, { deps, guildId, t }) {
    const { feeds, disableAfter } = await listFeedHealth(deps, guildId);
    await interaction.reply({
      content: renderFeedHealthList(feeds, { now: deps.now(), disableAfter }, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
