import { MessageFlags } from 'discord.js';
import { feedChoices } from '../../src/discord/choices.js';
import { renderFeedHistory } from '../../src/discord/feed-admin.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { feedHistory } from '../../src/pipeline/use-cases/feed-admin.js';
import { feedsOfGuild } from '../../src/pipeline/use-cases/guild-refs.js';
import { feedOption } from './feed-option.js';

export default {
  name: 'history',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('history')
      .setDescription("A feed's last 20 checks: time, HTTP status, size, duration, new items, errors")
      .addStringOption(feedOption),
  async execute(interaction, { deps, guildId, t }) {
    const { feed, polls } = await feedHistory(deps, guildId, interaction.options.getString('feed', true));
    await interaction.reply({
      content: renderFeedHistory(feed, polls, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
} satisfies Subcommand;
