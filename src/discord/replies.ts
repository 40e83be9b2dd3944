import type { SearchHit } from '../store/store.js';
import { escapeMarkdown, truncate } from './text.js';

/** `[title](link) · 2024-04-26` for a reply line; links are wrapped in <> so Discord does not unfurl them. */
export function describeArticle(article: { title: string; link: string | null; publishedAt: number | null }): string {
  const title = escapeMarkdown(truncate(article.title, 200));
  const date = article.publishedAt === null ? '' : ` · ${new Date(article.publishedAt).toISOString().slice(0, 10)}`;
  return article.link ? `[${title}](<${article.link}>)${date}` : `${title}${date}`;
}

/** The answer to `/search`: one line per hit with its feed, or a plain "nothing found". */
export function renderSearchResults(query: string, hits: SearchHit[]): { content: string } {
  if (hits.length === 0) return { content: `No article matches “${truncate(query, 100)}”.` };
  const lines = hits.map((h) => `• ${describeArticle({ ...h, title: h.headline ?? h.title })} — ${h.feedTitle ?? ''}`);
  return { content: truncate(`**Results for “${truncate(query, 100)}”**\n${lines.join('\n')}`, 2000) };
}
