import type { NormalizedItem } from '../../domain.js';
import type { ArticleRepository, ArticleRow, NewArticle } from '../../store/store.js';
import { toNewArticles } from './articles.js';

/** Values that occur exactly once in the list (nulls ignored). */
function unique(values: readonly (string | null)[]): Set<string> {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n === 1).map(([v]) => v));
}

/**
 * Stores the items of a later fetch (not the first) and returns the ones that are new stories, oldest first.
 *
 * An item whose key is stored is old. An item with a key not stored yet is still the same story when the feed
 * changed how it names it: its link is one a stored article of the feed has (a publisher changed its guids) and no
 * other item of this fetch shares that link, or — with neither guid nor link — its title and text are those of a
 * stored article and no other item of this fetch has that title (a bumped date). Such items are stored as `seen`
 * under their new key, so the next fetch finds them by key, and are not posted again.
 */
export async function storeLaterItems(
  articles: ArticleRepository,
  feedId: number,
  items: readonly NormalizedItem[],
  now: number,
): Promise<ArticleRow[]> {
  const rows = toNewArticles([...items]);
  const links = unique(rows.map((r) => r.link));
  const bare = rows.filter((r) => !r.guid && !r.link);
  const titles = unique(bare.map((r) => r.title));
  const found = await articles.matchExisting(feedId, {
    keys: rows.map((r) => r.key),
    links: [...links],
    titles: [...titles],
  });
  const renamed: NewArticle[] = [];
  const fresh: NewArticle[] = [];
  for (const row of rows) {
    if (found.keys.has(row.key)) continue;
    const sameLink = row.link !== null && links.has(row.link) && found.links.has(row.link);
    const sameText =
      !row.guid && !row.link && titles.has(row.title) && found.titleTexts.has(`${row.title}\n\n${row.contentText}`);
    (sameLink || sameText ? renamed : fresh).push(row);
  }
  await articles.insert(feedId, renamed, 'seen', now);
  return articles.insert(feedId, fresh, 'new', now);
}
