import { escapeMarkdown, truncate } from './text.js';

/**
 * `[title](link) · 2024-04-26` for a reply line, the date in the server's time zone; links are wrapped in <> so
 * Discord does not unfurl them.
 */
export function describeArticle(
  article: { title: string; link: string | null; publishedAt: number | null },
  timeZone = 'UTC',
): string {
  const title = escapeMarkdown(truncate(article.title, 200));
  const date = article.publishedAt === null ? '' : ` · ${isoDate(article.publishedAt, timeZone)}`;
  return article.link ? `[${title}](<${article.link}>)${date}` : `${title}${date}`;
}

/** YYYY-MM-DD of `at` in `timeZone` (the en-CA locale formats dates that way). */
function isoDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
