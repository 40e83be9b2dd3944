import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { feedChoices } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import { guildName } from '../src/discord/guild-view.js';
import { describeArticle } from '../src/discord/replies.js';
import { safeText } from '../src/discord/safe-text.js';
import { truncate } from '../src/discord/text.js';
import { feedOfGuild, feedsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';
import { latestOfGuild } from '../src/pipeline/use-cases/latest.js';
import { guildSettings } from '../src/pipeline/use-cases/settings.js';

export default {
  data: new SlashCommandBuilder()
    .setName('latest')
    .setDescription('The newest articles of the feeds this server follows')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('feed').setDescription('One feed (default: all)').setAutocomplete(true))
    .addIntegerOption((o) =>
      o.setName('count').setDescription('How many (1–10, default 5)').setMinValue(1).setMaxValue(10),
    ),

  async execute(interaction, { deps, guildId, t }) {
    const raw = interaction.options.getString('feed');
    const feed = raw ? await feedOfGuild(deps, guildId, raw) : null;
    const count = Math.min(10, Math.max(1, interaction.options.getInteger('count') ?? 5));
    const [articles, prefs] = await Promise.all([
      latestOfGuild(deps, guildId, feed?.id ?? null, count),
      guildSettings(deps, guildId),
    ]);
    const name = feed ? (feed.title ?? feed.url) : await guildName(interaction);
    const title = t.latestTitle({ feed: safeText(name, { oneLine: true, max: 100 }) });
    const lines = articles.map(
      (a) =>
        `• ${describeArticle(a, prefs.timezone)}${feed ? '' : ` — ${safeText(a.feedTitle ?? '', { oneLine: true, max: 80 })}`}`,
    );
    const content = truncate(`${title}\n${lines.length ? lines.join('\n') : t.latestNone()}`, 2000);
    await interaction.reply({ content, allowedMentions: { parse: [] } });
  },

  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
} satisfies Command;
