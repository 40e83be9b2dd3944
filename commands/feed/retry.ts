import { MessageFlags } from 'discord.js';
import { feedChoices } from '../../src/discord/choices.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { retryGuildFeed } from '../../src/pipeline/use-cases/feed-health.js';
import { feedsOfGuild } from '../../src/pipeline/use-cases/guild-refs.js';
import { feedOption } from './feed-option.js';

export default {
  name: 'retry',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('retry')
      .setDescription('Turn a disabled or failing feed back on and check it now')
      .addStringOption(feedOption),
  async execute(interaction, { deps, guildId, t }) {
    const feed = await retryGuildFeed(deps, guildId, interaction.options.getString('feed', true));
    await interaction.reply({
      content: t.feedRetried({ feed: safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }) }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
} satisfies Subcommand;
