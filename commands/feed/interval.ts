import { MessageFlags } from 'discord.js';
import { feedChoices } from '../../src/discord/choices.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { setFeedInterval } from '../../src/pipeline/use-cases/feed-admin.js';
import { feedsOfGuild } from '../../src/pipeline/use-cases/guild-refs.js';
import { feedOption } from './feed-option.js';

export default {
  name: 'interval',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('interval')
      .setDescription('How often Herald checks a feed, in minutes')
      .addStringOption(feedOption)
      .addIntegerOption((o) =>
        o.setName('minutes').setDescription('Minutes between checks').setRequired(true).setMinValue(1),
      ),
  async execute(interaction, { deps, guildId, t }) {
    const result = await setFeedInterval(
      deps,
      guildId,
      interaction.options.getString('feed', true),
      interaction.options.getInteger('minutes', true),
    );
    await interaction.reply({
      content: t.feedIntervalSet({
        feed: safeText(result.feed.title ?? result.feed.url, { oneLine: true, max: 100 }),
        minutes: result.seconds / 60,
        slower: result.effectiveSeconds > result.seconds ? Math.ceil(result.effectiveSeconds / 60) : null,
      }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
} satisfies Subcommand;
