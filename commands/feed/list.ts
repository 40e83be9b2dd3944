import { MessageFlags } from 'discord.js';
import { renderFeedHealthList } from '../../src/discord/feed-health.js';
import { requireManageServer } from '../../src/discord/permissions.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { listFeedHealth } from '../../src/pipeline/feed-health.js';

export default {
  name: 'list',
  build: (sub) =>
    sub.setName('list').setDescription("This server's feeds and their health: last success, last error, next poll"),
  async execute(interaction, { deps, t }) {
    requireManageServer(interaction);
    const { feeds, disableAfter } = await listFeedHealth(deps, interaction.guildId as string);
    await interaction.reply({
      content: renderFeedHealthList(feeds, { now: deps.now(), disableAfter }, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
