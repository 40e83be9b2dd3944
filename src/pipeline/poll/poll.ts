import type { Deps } from '../../deps.js';
import { FeedError } from '../../feeds/errors.js';
import { websubAfterPoll } from '../websub/subscriptions.js';
import { toNewArticles } from './articles.js';
import { type Cadence, observeItems, storedCadence } from './cadence.js';
import { recordFeedFailure } from './feed-failure.js';
import { storeLaterItems } from './feed-new-items.js';
import { type FetchOutcome, fetchAndParse } from './fetch-and-parse.js';
import { planNextPoll } from './plan-next-poll.js';
import { createPollBudget, feedHost } from './poll-budget.js';

export type PollOutcome =
  | { status: 'skipped' }
  /** Its host had no fetch slot free: nothing was fetched or recorded; poll again after `retryInMs`. */
  | { status: 'deferred'; retryInMs: number }
  | { status: 'failed'; error: FeedError; disabled: boolean }
  | {
      status: 'polled';
      changed: boolean;
      /** Articles waiting for a summary, oldest first. */
      newArticleIds: number[];
    };

/**
 * Polls one feed: conditional fetch, parse, store the items not seen before, create their pending deliveries.
 * Returns the ids of the articles waiting for a summary, oldest first (after a changed fetch, including any of the
 * feed's a crash left behind; the tick re-enqueues those too, whatever the feed does).
 * Feed failures are recorded on the feed (backoff, then disable with a notice), not thrown; anything else (database
 * down) throws.
 */
export async function pollFeed(deps: Deps, feedId: number): Promise<PollOutcome> {
  const { store, metrics } = deps;
  const feed = await store.feeds.get(feedId);
  if (!feed || feed.disabledAt !== null) {
    metrics.polls.inc({ outcome: 'skipped' });
    return { status: 'skipped' };
  }
  const slot = deps.hostLimit ? await deps.hostLimit.take(feedHost(feed.url)) : null;
  if (slot && !slot.granted) {
    metrics.polls.inc({ outcome: 'deferred' });
    return { status: 'deferred', retryInMs: slot.retryInMs };
  }
  const now = deps.now();
  const started = performance.now();

  let fetched: FetchOutcome | FeedError;
  try {
    fetched = await fetchAndParse(deps, feed.url, feed).catch((err: unknown) => {
      if (err instanceof FeedError) return err;
      throw err;
    });
  } finally {
    // A slot left held frees itself when its lease ends; the poll itself went through.
    await slot?.release().catch((err: unknown) => deps.log.warn({ feedId, err }, 'host slot not released'));
  }
  if (fetched instanceof FeedError) {
    const err = fetched;
    await store.pollHistory.record({
      feedId: feed.id,
      polledAt: now,
      status: 'failed',
      httpStatus: err.status ?? null,
      bytes: null,
      durationMs: performance.now() - started,
      newItems: 0,
      errorKind: err.kind,
      error: err.message,
    });
    const disabled = await recordFeedFailure(deps, feed, err);
    metrics.polls.inc({ outcome: 'failed' });
    return { status: 'failed', error: err, disabled };
  }

  const durationMs = performance.now() - started;
  const first = feed.lastPolledAt === null;
  let pending: { id: number }[] = [];
  let discovered = 0;
  let cadence: Cadence = {
    gapSeconds: feed.cadenceSeconds,
    lastItemAt: feed.lastItemAt,
    previousItemAt: feed.previousItemAt,
  };
  // A 304 or an unchanged body has nothing new; articles a crash left in `new` are the tick's to pick up, so the
  // steady state costs three queries per poll.
  if (fetched.status === 'ok') {
    const { truncated } = fetched.parsed;
    if (truncated) deps.log.info({ feedId: feed.id, ...truncated }, 'feed read in part: past the feed limits');
    // The first fetch's items are the feed's recent history: their dates seed its cadence.
    let fresh: { publishedAt: number | null }[];
    if (first) {
      const history = toNewArticles(fetched.parsed.items);
      await store.articles.insert(feed.id, history, 'seen', now);
      fresh = history;
    } else {
      fresh = await storeLaterItems(store.articles, feed.id, fetched.parsed.items, now);
      discovered = fresh.length;
    }
    if (fresh.length > 0)
      cadence = observeItems(
        cadence,
        fresh.map((a) => a.publishedAt ?? now),
        now,
      );
    pending = await store.articles.listNew(feed.id);
    for (const article of pending) await store.deliveries.createForSubscriptions(article.id, now);
  }

  const declaredMin = fetched.status === 'ok' ? fetched.declaredMinSeconds : feed.declaredMinIntervalSeconds;
  // A feed whose hub pushes its items is polled only at the safety interval.
  const pushed = await websubAfterPoll(deps, feed, fetched.status === 'ok' ? fetched.websub : undefined, now);
  const plan = {
    pushed,
    url: feed.url,
    overrideSeconds: feed.intervalOverrideSeconds,
    declaredMinSeconds: declaredMin,
    cadence,
    foundNew: discovered > 0,
  };
  const budget = deps.pollBudget ?? createPollBudget(deps.store.feeds, deps.config, 0);
  const share = deps.config.FEED_POLL_ADAPTIVE ? await budget.share(now) : null;
  const { interval, next } = planNextPoll(deps.config, plan, share, now);
  const parsedFeed = fetched.status === 'ok' ? fetched.parsed.feed : null;
  await store.feeds.recordPollSuccess(feed.id, {
    title: parsedFeed?.title || feed.title,
    siteLink: parsedFeed ? parsedFeed.link : feed.siteLink,
    language: parsedFeed ? parsedFeed.language : feed.language,
    ...(fetched.status === 'not-modified'
      ? { etag: feed.etag, lastModified: feed.lastModified, bodyHash: feed.bodyHash }
      : { etag: fetched.etag, lastModified: fetched.lastModified, bodyHash: fetched.bodyHash }),
    polledAt: now,
    nextPollAt: next,
    intervalSeconds: interval,
    ...(fetched.status === 'ok' && { declaredMinIntervalSeconds: fetched.declaredMinSeconds }),
    cadence: storedCadence(cadence),
  });
  await store.pollHistory.record({
    feedId: feed.id,
    polledAt: now,
    status: fetched.status === 'not-modified' ? 'not-modified' : 'ok',
    // fetchFeed takes any 2xx; it does not say which, and feeds answer 200.
    httpStatus: fetched.status === 'not-modified' ? 304 : 200,
    bytes: fetched.status === 'not-modified' ? null : fetched.bytes,
    durationMs,
    newItems: discovered,
    errorKind: null,
    error: null,
  });
  metrics.itemsDiscovered.inc(discovered);
  const outcome = fetched.status !== 'ok' ? 'unchanged' : discovered > 0 ? 'new_items' : 'no_new_items';
  metrics.polls.inc({ outcome });
  return { status: 'polled', changed: fetched.status === 'ok', newArticleIds: pending.map((a) => a.id) };
}
