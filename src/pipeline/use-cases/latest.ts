import type { Deps } from '../../deps.js';
import type { ArticleRow } from '../../store/store.js';

/** The newest `count` articles of one feed, or across every feed the guild follows, newest first. */
export async function latestOfGuild(
  deps: Pick<Deps, 'store'>,
  guildId: string,
  feedId: number | null,
  count: number,
): Promise<Array<ArticleRow & { feedTitle: string | null }>> {
  const subs = await deps.store.subscriptions.ofGuild(guildId);
  const feeds = new Map(subs.map((s) => [s.feedId, s.feedTitle ?? s.feedUrl]));
  const ids = feedId === null ? [...feeds.keys()] : [feedId];
  const lists = await Promise.all(ids.map((id) => deps.store.articles.latest(id, count)));
  const when = (a: ArticleRow) => a.publishedAt ?? a.createdAt;
  return lists
    .flat()
    .sort((a, b) => when(b) - when(a) || b.id - a.id)
    .slice(0, count)
    .map((a) => ({ ...a, feedTitle: feeds.get(a.feedId) ?? null }));
}
