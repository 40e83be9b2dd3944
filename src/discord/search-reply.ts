import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { z } from 'zod';
import type { Catalogue } from '../i18n/messages.js';
import type { ArchivePage } from '../search/archive.js';
import { customIds } from './custom-ids.js';
import { describeArticle } from './replies.js';
import { safeText } from './safe-text.js';
import { truncate } from './text.js';

/** Longest query a page button can carry in its custom id (`search:page:<n>:<query>` ≤ 100). */
export const MAX_BUTTON_QUERY = 80;

/** `/search`'s page buttons: the page to show and the query, filters included. */
export const searchIds = customIds('search', {
  page: z.object({ page: z.coerce.number().int().min(1), query: z.string().min(1) }),
});

/** One page of `/search`: a numbered line per hit with its snippet, and Previous/Next buttons. */
export function renderSearchPage(query: string, result: ArchivePage, t: Catalogue, timeZone = 'UTC') {
  const shown = safeText(query, { oneLine: true, max: 100 });
  if (result.total === 0) return { content: t.searchNone({ query: shown }), components: [] };
  const lines = result.hits.map((h) => {
    const head = describeArticle({ title: h.headline ?? h.title, link: h.link, publishedAt: h.publishedAt }, timeZone);
    const feed = h.feedTitle ? ` — ${safeText(h.feedTitle, { oneLine: true, max: 80 })}` : '';
    return `• ${head}${feed}\n  ${safeText(h.snippet, { oneLine: true, max: 200 })}`;
  });
  const title = t.searchTitle({
    query: shown,
    page: result.page,
    pages: result.pages,
    total: result.total,
    capped: result.totalCapped,
  });
  const content = truncate(`${title}\n${lines.join('\n')}`, 2000);
  if (result.pages <= 1) return { content, components: [] };
  const q = query.slice(0, MAX_BUTTON_QUERY);
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(searchIds.encode('page', { page: result.page - 1, query: q }))
      .setLabel(t.previous())
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(result.page <= 1),
    new ButtonBuilder()
      .setCustomId(searchIds.encode('page', { page: result.page + 1, query: q }))
      .setLabel(t.next())
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(result.page >= result.pages),
  );
  return { content, components: [row] };
}
