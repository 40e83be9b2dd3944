import type { FeedRow, Store } from '../../src/store/store.js';

/**
 * Stores a feed as known and polled once while empty, due for its next poll at `now`: that poll then treats every
 * item it finds as new (a first poll would store them as already seen).
 */
export async function seedPolledFeed(
  store: Store,
  feed: { url: string; title: string },
  now: number,
): Promise<FeedRow> {
  const row = await store.feeds.upsert({
    url: feed.url,
    title: feed.title,
    siteLink: null,
    language: 'en',
    intervalSeconds: 1,
    nextPollAt: now,
  });
  await store.feeds.recordPollSuccess(row.id, {
    title: feed.title,
    siteLink: null,
    language: 'en',
    etag: null,
    lastModified: null,
    bodyHash: null,
    polledAt: now,
    nextPollAt: now,
  });
  return row;
}
