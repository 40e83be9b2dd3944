import { linkTarget, safeText } from './safe-text.js';

/**
 * `[title](link) · 2024-04-26` for a reply line, the date in the server's time zone; the title goes through
 * {@link safeText}, and links are wrapped in <> so Discord does not unfurl them.
 */
export function describeArticle(
  article: { title: string; link: string | null; publishedAt: number | null },
  timeZone = 'UTC',
): string {
  const title = safeText(article.title, { oneLine: true, max: 200 });
  const date = article.publishedAt === null ? '' : ` · ${isoDate(article.publishedAt, timeZone)}`;
  const link = linkTarget(article.link);
  return link ? `[${title}](<${link}>)${date}` : `${title}${date}`;
}

/** YYYY-MM-DD of `at` in `timeZone` (the en-CA locale formats dates that way). */
function isoDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
