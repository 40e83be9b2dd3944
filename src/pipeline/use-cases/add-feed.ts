import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import type { ArticleRow, FeedRow } from '../../store/store.js';
import { toNewArticles } from '../poll/articles.js';
import { observeItems, storedCadence } from '../poll/cadence.js';
import { effectiveInterval } from '../poll/feed-interval.js';
import { nextPollAt } from '../poll/schedule.js';
import { fetchFeedOrDiscover } from './feed-discovery.js';
import { resolveFeedAddress } from './site-feed.js';

/** Largest `backfill` a subscription may ask for. */
export const MAX_BACKFILL = 10;

export interface AddFeedInput {
  url: string;
  guildId: string;
  guildLocale: string | null;
  channelId: string;
  /**
   * Post the newest N (0–10) current items of the feed in this channel, oldest first, instead of only stories
   * published from now on. Only for a new subscription; other channels following the feed are unaffected.
   */
  backfill?: number;
  /** The channel's Discord type, stored on the subscription when given (15: a forum, one post per article). */
  channelType?: number | null;
}

export interface AddFeedResult {
  feed: FeedRow;
  /** The feed's newest stored article, for the preview in the reply. */
  latest: ArticleRow | null;
  /** False when the channel already followed this feed. */
  subscribed: boolean;
  /** The web page the feed was found on (`<link rel="alternate">`), or null when `url` was a feed itself. */
  discoveredFrom: string | null;
  /** What was given when Herald turned it into the feed's address (`rsshub://…`, a YouTube or Reddit page), else null. */
  resolvedFrom: string | null;
  /** How many existing articles were queued for this channel (`backfill`); they post from the next scheduler tick on. */
  backfilled: number;
}

/**
 * Adds a feed for a channel: turns an `rsshub://` route, a YouTube channel or a subreddit into its feed address
 * (`resolveFeedAddress`), validates it by fetching and parsing it (a feed Herald already polls is not fetched
 * again; a web page is searched for its feed), stores it with every current item marked seen, so the first post is
 * the first story published after this moment unless `backfill` asks for the newest few, and subscribes the channel.
 */
export async function addFeed(
  deps: Pick<Deps, 'config' | 'store' | 'now'>,
  input: AddFeedInput,
): Promise<AddFeedResult> {
  const backfill = input.backfill ?? 0;
  if (!Number.isInteger(backfill) || backfill < 0 || backfill > MAX_BACKFILL) {
    throw new UserError('badBackfill', { max: MAX_BACKFILL });
  }
  const resolved = await resolveFeedAddress(deps, input.url);
  let url = parseFeedUrl(resolved.url);
  const now = deps.now();
  let discoveredFrom: string | null = null;
  let feed = await deps.store.feeds.byUrl(url);
  if (!feed) {
    const started = performance.now();
    const found = await fetchFeedOrDiscover(deps, url);
    const durationMs = performance.now() - started;
    if (found.discoveredFrom !== null) {
      discoveredFrom = found.discoveredFrom;
      url = found.url;
      feed = await deps.store.feeds.byUrl(url);
    }
    if (!feed) {
      const { fetched } = found;
      const { parsed } = fetched;
      const interval = effectiveInterval(deps.config, { override: null, declaredMin: fetched.declaredMinSeconds });
      feed = await deps.store.feeds.upsert({
        url,
        title: parsed.feed.title || null,
        siteLink: parsed.feed.link,
        language: parsed.feed.language,
        intervalSeconds: interval,
        nextPollAt: nextPollAt(url, interval, now),
      });
      if (feed.lastPolledAt === null) {
        const history = toNewArticles(parsed.items);
        await deps.store.articles.insert(feed.id, history, 'seen', now);
        // The items' dates tell how often the feed publishes, before adaptive polling has seen anything new.
        const cadence = observeItems(
          { gapSeconds: null, lastItemAt: null, previousItemAt: null },
          history.map((a) => a.publishedAt ?? now),
          now,
        );
        await deps.store.feeds.recordPollSuccess(feed.id, {
          title: feed.title,
          siteLink: feed.siteLink,
          language: feed.language,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          bodyHash: fetched.bodyHash,
          polledAt: now,
          nextPollAt: feed.nextPollAt,
          declaredMinIntervalSeconds: fetched.declaredMinSeconds,
          cadence: storedCadence(cadence),
        });
        // The first check is the one that marked the feed's items seen: `/feed history` and `/feed why` show it.
        await recordFirstCheck(deps, feed.id, now, fetched.bytes, durationMs);
      }
    }
  }
  const feedId = feed.id;
  if (!(await deps.store.guilds.get(input.guildId))) {
    await deps.store.guilds.put({ guildId: input.guildId, language: input.guildLocale ?? 'source' }, now);
  }
  const before = await deps.store.subscriptions.ofGuild(input.guildId);
  const already = before.some((s) => s.channelId === input.channelId && s.feedId === feedId);
  const subscription = await deps.store.subscriptions.create(
    { guildId: input.guildId, channelId: input.channelId, feedId, mentionRoleId: null },
    now,
  );
  if (input.channelType != null && subscription.channelType !== input.channelType) {
    await deps.store.subscriptions.configure(subscription.id, { ...subscription, channelType: input.channelType });
  }
  const newest = await deps.store.articles.latest(feedId, Math.max(1, backfill));
  let backfilled = 0;
  if (!already && backfill > 0 && newest.length > 0) {
    // Delivery order is by publication time, so the channel sees the oldest of these first.
    const ids = newest
      .slice(0, backfill)
      .reverse()
      .map((a) => a.id);
    // The next scheduler tick hands the channel to the deliver queue (commands have no queue of their own).
    backfilled = await deps.store.deliveries.createBackfill(subscription.id, ids, now);
  }
  return {
    feed,
    latest: newest[0] ?? null,
    subscribed: !already,
    discoveredFrom,
    resolvedFrom: resolved.resolvedFrom,
    backfilled,
  };
}

/** The address as Herald stores it: an http(s) URL without its fragment; anything else is a UserError. */
export function parseFeedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserError('feedUrlInvalid', { value: raw });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('feedUrlScheme', { scheme: url.protocol.replace(':', '') });
  }
  url.hash = '';
  return url.toString();
}

/**
 * Records the check that marked a feed's current items seen (its first fetch, or the first at a new address) as a
 * successful poll that found nothing new, so `/feed history` and `/feed why` show it.
 */
export async function recordFirstCheck(
  deps: Pick<Deps, 'store'>,
  feedId: number,
  now: number,
  bytes: number | null,
  durationMs: number,
): Promise<void> {
  await deps.store.pollHistory.record({
    feedId,
    polledAt: now,
    status: 'ok',
    httpStatus: 200,
    bytes,
    durationMs,
    newItems: 0,
    errorKind: null,
    error: null,
  });
}
