import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { feedChoices } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import { MAX_BUTTON_QUERY, renderSearchPage, searchIds } from '../src/discord/search-reply.js';
import { UserError } from '../src/i18n/user-error.js';
import { feedsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';
import { guildSettings } from '../src/pipeline/use-cases/settings.js';
import { searchArchive } from '../src/search/archive.js';

export default {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Search past articles of the feeds this server follows')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('query')
        .setDescription('Words to look for')
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_BUTTON_QUERY),
    )
    .addStringOption((o) => o.setName('feed').setDescription('Only this feed').setAutocomplete(true))
    .addStringOption((o) =>
      o.setName('since').setDescription('Only articles since (7d, 24h, 2024-05-01)').setMaxLength(20),
    ),
  async execute(interaction, { deps, guildId, t }) {
    const query = withFilters(interaction.options.getString('query', true).trim(), {
      feed: interaction.options.getString('feed'),
      since: interaction.options.getString('since'),
    });
    if (!query) throw new UserError('searchNothing');
    // The first search after many new articles indexes them first.
    await interaction.deferReply();
    const result = await searchArchive(deps, { guildId, query, page: 1 });
    const { timezone } = await guildSettings(deps, guildId);
    await interaction.editReply({ ...renderSearchPage(query, result, t, timezone), allowedMentions: { parse: [] } });
  },
  async button(interaction, { deps, guildId, t }) {
    const { page, query } = searchIds.parse(interaction.customId).data;
    // The guild comes from the click, never from the button: a page only ever shows this server's articles.
    const result = await searchArchive(deps, { guildId, query, page });
    const { timezone } = await guildSettings(deps, guildId);
    await interaction.update({ ...renderSearchPage(query, result, t, timezone), allowedMentions: { parse: [] } });
  },
  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
} satisfies Command;

/**
 * The options as the query language's filters (`feed:<id>`, `since:<value>`), so the page buttons, which carry the
 * query, keep them. The feed is the id picked from the autocomplete; the search only ever looks in this server's
 * feeds, so a forged id finds nothing.
 */
function withFilters(query: string, { feed, since }: { feed: string | null; since: string | null }): string {
  if (feed !== null && !/^\d{1,18}$/.test(feed)) throw new UserError('searchPickFeed');
  if (since !== null && !/^[\w-]{1,20}$/.test(since)) throw new UserError('searchSince');
  const full = [query, feed && `feed:${feed}`, since && `since:${since}`].filter(Boolean).join(' ');
  if (full.length > MAX_BUTTON_QUERY) throw new UserError('searchTooLong', { max: MAX_BUTTON_QUERY });
  return full;
}
