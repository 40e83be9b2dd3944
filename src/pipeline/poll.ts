import type { Deps } from '../deps.js';
import { FeedError } from '../feeds/errors.js';
import { toNewArticles } from './articles.js';
import { fetchAndParse } from './fetch-and-parse.js';
import { backoffPollAt, nextPollAt } from './schedule.js';

/** Consecutive failures after which a feed is disabled (MonitoRSS uses the same threshold). */
export const DISABLE_AFTER_FAILURES = 11;

export type PollOutcome =
  | { status: 'skipped' }
  | { status: 'failed'; error: FeedError; disabled: boolean }
  | { status: 'polled'; changed: boolean; newArticleIds: number[] };

/**
 * Polls one feed: conditional fetch, parse, store the items not seen before, create their pending deliveries.
 * Returns the ids of the articles waiting for a summary, oldest first (including any a crash left behind).
 * Feed failures are recorded on the feed (backoff, then disable), not thrown; anything else (database down) throws.
 */
export async function pollFeed(deps: Deps, feedId: number): Promise<PollOutcome> {
  const { store } = deps;
  const feed = await store.getFeed(feedId);
  if (!feed || feed.disabledAt !== null) return { status: 'skipped' };
  const now = deps.now();

  let fetched: Awaited<ReturnType<typeof fetchAndParse>>;
  try {
    fetched = await fetchAndParse(deps, feed.url, feed);
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    const disable = feed.failureCount + 1 >= DISABLE_AFTER_FAILURES;
    const retryAt = Math.max(
      backoffPollAt(feed.intervalSeconds, feed.failureCount, now),
      now + (err.retryAfterSeconds ?? 0) * 1000,
    );
    await store.recordPollFailure(feed.id, err.message, retryAt, disable, now);
    deps.log.warn({ feedId, kind: err.kind, failures: feed.failureCount + 1, disable }, 'feed poll failed');
    return { status: 'failed', error: err, disabled: disable };
  }

  const first = feed.lastPolledAt === null;
  let changed = false;
  if (fetched.status === 'ok') {
    changed = true;
    await store.insertArticles(feed.id, toNewArticles(fetched.parsed.items), first ? 'seen' : 'new', now);
  }
  const pending = await store.listNewArticles(feed.id);
  for (const article of pending) await store.createDeliveries(article.id, now);

  const parsedFeed = fetched.status === 'ok' ? fetched.parsed.feed : null;
  await store.recordPollSuccess(feed.id, {
    title: parsedFeed?.title || feed.title,
    siteLink: parsedFeed ? parsedFeed.link : feed.siteLink,
    language: parsedFeed ? parsedFeed.language : feed.language,
    ...(fetched.status === 'not-modified'
      ? { etag: feed.etag, lastModified: feed.lastModified, bodyHash: feed.bodyHash }
      : { etag: fetched.etag, lastModified: fetched.lastModified, bodyHash: fetched.bodyHash }),
    polledAt: now,
    nextPollAt: nextPollAt(feed.url, feed.intervalSeconds, now),
  });
  return { status: 'polled', changed, newArticleIds: pending.map((a) => a.id) };
}
