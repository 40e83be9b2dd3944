import type { Deps } from '../../deps.js';
import { normalizeLink } from '../../feeds/item-key.js';
import { UserError } from '../../i18n/user-error.js';
import type { ArticleVerdicts, ChannelVerdict, WhyReport } from '../../ports/feed-why.js';
import type { ArticleRow, DeliveryRow, FeedRow, PollRecord } from '../../store/store.js';
import { toNewArticles } from '../poll/articles.js';
import { effectiveInterval } from '../poll/feed-interval.js';
import { nextPollAt } from '../poll/schedule.js';
import { parseFeedUrl, recordFirstCheck } from './add-feed.js';
import { fetchFeedOrDiscover } from './feed-discovery.js';
import { guildFeedByRef } from './feed-health.js';

export type { ArticleVerdicts, ChannelVerdict, WhyReport } from '../../ports/feed-why.js';

/** Polls `/feed history` shows. */
export const HISTORY_SHOWN = 20;

/** A feed of this guild and its newest polls, newest first. */
export async function feedHistory(
  deps: Pick<Deps, 'store'>,
  guildId: string,
  ref: string,
): Promise<{ feed: FeedRow; polls: PollRecord[] }> {
  const feed = await guildFeedByRef(deps, guildId, ref);
  return { feed, polls: await deps.store.pollHistory.recent(feed.id, HISTORY_SHOWN) };
}

/** The range `/feed interval` accepts, in whole minutes, from the operator's floor and ceiling. */
export function intervalRange(
  config: Pick<Deps['config'], 'FEED_POLL_MIN_INTERVAL_SECONDS' | 'FEED_POLL_MAX_INTERVAL_SECONDS'>,
): { min: number; max: number } {
  return {
    min: Math.max(1, Math.ceil(config.FEED_POLL_MIN_INTERVAL_SECONDS / 60)),
    max: Math.floor(config.FEED_POLL_MAX_INTERVAL_SECONDS / 60),
  };
}

export interface IntervalResult {
  feed: FeedRow;
  /** The interval asked for, seconds. */
  seconds: number;
  /** What the feed will be polled at: longer when the feed itself asks for more (`<ttl>`). */
  effectiveSeconds: number;
}

/**
 * Sets a feed's poll interval for this guild's `/feed interval`. A feed is shared by every server that follows it,
 * so the rule is "the shortest interval wins": the only server following a feed sets any interval in range; when
 * other servers follow it too, a server may make it poll more often (nobody receives less), not less often than it
 * does now.
 */
export async function setFeedInterval(
  deps: Pick<Deps, 'store' | 'config'>,
  guildId: string,
  ref: string,
  minutes: number,
): Promise<IntervalResult> {
  const feed = await guildFeedByRef(deps, guildId, ref);
  const range = intervalRange(deps.config);
  if (!Number.isInteger(minutes) || minutes < range.min || minutes > range.max) {
    throw new UserError('feedIntervalRange', range);
  }
  const seconds = minutes * 60;
  const others = (await deps.store.feedAdmin.followingGuilds(feed.id)).filter((g) => g !== guildId);
  const current = feed.intervalOverrideSeconds ?? deps.config.FEED_POLL_INTERVAL_SECONDS;
  if (others.length > 0 && seconds > current) {
    throw new UserError('feedIntervalShared', { servers: others.length, minutes: Math.floor(current / 60) });
  }
  await deps.store.feeds.setIntervalOverride(feed.id, seconds);
  const updated = (await deps.store.feeds.get(feed.id)) ?? feed;
  const effectiveSeconds = effectiveInterval(deps.config, {
    override: seconds,
    declaredMin: feed.declaredMinIntervalSeconds,
  });
  return { feed: updated, seconds, effectiveSeconds };
}

export interface MoveResult {
  feed: FeedRow;
  /** The address before the move. */
  from: string;
  /** The page the new feed was found on, when the address given was a web page. */
  discoveredFrom: string | null;
  /** Items of the new address stored as seen (not posted). */
  markedSeen: number;
  /** Items of the new address Herald already had (same item key or link): kept as they were. */
  alreadyKnown: number;
}

/**
 * Gives a feed of this guild a new address (`/feed move`), keeping the feed's id and so its subscriptions, articles,
 * deliveries and history. The new address is checked as `/feed add` checks one; its current items are stored as
 * seen, except those Herald has already (same item key or link), so the move posts nothing old. Refused when
 * another server follows the feed too (they did not ask for the move) and when another feed already has the address
 * (merging two feeds' subscriptions and histories is not something to do behind a command).
 */
export async function moveGuildFeed(
  deps: Pick<Deps, 'store' | 'config' | 'now'>,
  guildId: string,
  ref: string,
  rawUrl: string,
): Promise<MoveResult> {
  const feed = await guildFeedByRef(deps, guildId, ref);
  let url = parseFeedUrl(rawUrl);
  const others = (await deps.store.feedAdmin.followingGuilds(feed.id)).filter((g) => g !== guildId);
  if (others.length > 0) throw new UserError('feedMoveShared', { servers: others.length });
  const refuseTaken = async (candidate: string) => {
    if (candidate === feed.url) throw new UserError('feedMoveSame');
    if (await deps.store.feeds.byUrl(candidate)) throw new UserError('feedMoveTaken', { url: candidate });
  };
  await refuseTaken(url);
  const started = performance.now();
  const found = await fetchFeedOrDiscover(deps, url);
  const durationMs = performance.now() - started;
  if (found.url !== url) {
    url = found.url;
    await refuseTaken(url);
  }
  const { fetched } = found;
  const now = deps.now();
  const items = toNewArticles(fetched.parsed.items);
  const known = await deps.store.articles.matchExisting(feed.id, {
    keys: items.map((i) => i.key),
    links: items.flatMap((i) => (i.link ? [i.link] : [])),
    titles: [],
  });
  const fresh = items.filter((i) => !known.keys.has(i.key) && !(i.link !== null && known.links.has(i.link)));
  await deps.store.articles.insert(feed.id, fresh, 'seen', now);
  const moved = await deps.store.feedAdmin.move(feed.id, {
    url,
    title: fetched.parsed.feed.title || null,
    siteLink: fetched.parsed.feed.link,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    bodyHash: fetched.bodyHash,
    movedAt: now,
    nextPollAt: nextPollAt(url, feed.intervalSeconds, now),
  });
  if (!moved) throw new UserError('feedMoveTaken', { url });
  // The check of the new address is the feed's latest poll, the one that marked its items seen.
  await recordFirstCheck(deps, feed.id, now, fetched.bytes, durationMs);
  return {
    feed: (await deps.store.feeds.get(feed.id)) ?? feed,
    from: feed.url,
    discoveredFrom: found.discoveredFrom,
    markedSeen: fresh.length,
    alreadyKnown: items.length - fresh.length,
  };
}

/** Articles with the same address in several of the guild's feeds: at most this many are explained. */
const ARTICLES_SHOWN = 3;
/** Feeds listed with their last poll when no feed has the article. */
const FEEDS_SHOWN = 5;
/** Channels explained per article. */
const CHANNELS_SHOWN = 10;

/** The spellings an address may be stored under: as given, normalized as item keys are, with or without a slash. */
export function probeOf(raw: string) {
  const given = raw.trim();
  const normalized = normalizeLink(given);
  const links = new Set([given]);
  if (normalized) {
    links.add(normalized);
    links.add(normalized.endsWith('/') ? normalized.slice(0, -1) : `${normalized}/`);
  }
  return {
    links: [...links],
    guids: [given],
    keys: [`g:${given}`, ...(normalized ? [`l:${normalized}`] : [])],
  };
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/**
 * `/feed why`: what became of the article with this address (or guid) in each channel of this guild that follows
 * its feed, from Herald's records only; nothing of another guild is read or told.
 */
export async function explainArticle(deps: Pick<Deps, 'store'>, guildId: string, url: string): Promise<WhyReport> {
  const { store } = deps;
  const feeds = await store.feeds.ofGuild(guildId);
  const byId = new Map(feeds.map((f) => [f.id, f]));
  const found = await store.feedAdmin.findArticles(
    feeds.map((f) => f.id),
    probeOf(url),
    ARTICLES_SHOWN,
  );
  if (found.length === 0) {
    const host = hostOf(url);
    const sameSite = feeds.filter((f) => host !== null && (hostOf(f.url) === host || hostOf(f.siteLink) === host));
    const candidates = (sameSite.length > 0 ? sameSite : feeds).slice(0, FEEDS_SHOWN);
    const out = [];
    for (const feed of candidates) {
      out.push({ feed, lastPoll: (await store.pollHistory.recent(feed.id, 1))[0] ?? null });
    }
    return { status: 'not-seen', feeds: out };
  }
  const subs = await store.subscriptions.ofGuild(guildId);
  const topics = await store.topics.ofGuild(guildId);
  const articles: ArticleVerdicts[] = [];
  for (const article of found) {
    const feed = byId.get(article.feedId);
    if (!feed) continue;
    const deliveries = (await store.deliveries.ofArticle(article.id)).filter((d) => d.guildId === guildId);
    const channelIds = [
      ...new Set([
        ...subs.filter((s) => s.feedId === article.feedId).map((s) => s.channelId),
        ...deliveries.map((d) => d.channelId),
      ]),
    ].slice(0, CHANNELS_SHOWN);
    const channels = [];
    for (const channelId of channelIds) {
      const sub = subs.find((s) => s.channelId === channelId && s.feedId === article.feedId) ?? null;
      const delivery = deliveries.find((d) => d.channelId === channelId) ?? null;
      const topic =
        delivery?.topicSubscriptionId != null
          ? (topics.find((t) => t.id === delivery.topicSubscriptionId) ?? null)
          : null;
      const paused =
        sub?.pausedAt != null
          ? { since: sub.pausedAt, reason: sub.pausedReason }
          : topic?.pausedAt != null
            ? { since: topic.pausedAt, reason: null }
            : null;
      channels.push({ channelId, verdict: await verdictOf(deps, article, delivery, sub, paused) });
    }
    articles.push({ article, feed, channels });
  }
  return { status: 'found', articles };
}

async function verdictOf(
  deps: Pick<Deps, 'store'>,
  article: ArticleRow,
  delivery: DeliveryRow | null,
  sub: { createdAt: number } | null,
  paused: { since: number; reason: string | null } | null,
): Promise<ChannelVerdict> {
  if (delivery?.state === 'sent' && delivery.messageId !== null) {
    const count = await deps.store.feedAdmin.messageShare(delivery.channelId, delivery.messageId);
    return count > 1
      ? { kind: 'roundup', messageId: delivery.messageId, count, at: delivery.sentAt }
      : { kind: 'posted', messageId: delivery.messageId, at: delivery.sentAt };
  }
  if (delivery?.state === 'skipped') {
    const reason = delivery.error ?? '';
    if (reason === 'filler') return { kind: 'filler' };
    if (reason === 'merged' || reason.startsWith('merged: ')) {
      return { kind: 'merged', messageId: reason.startsWith('merged: ') ? reason.slice('merged: '.length) : null };
    }
    if (reason.startsWith('filter: ')) return { kind: 'filtered', clause: reason.slice('filter: '.length) };
    if (reason.startsWith('age: ')) return { kind: 'too-old', reason: reason.slice('age: '.length) };
    return { kind: 'skipped', reason };
  }
  // Read on the feed's first fetch (or its move): never meant for any channel, paused or not.
  if (delivery === null && article.state === 'seen') return { kind: 'seen', at: article.createdAt };
  // A paused channel's waiting posts are dropped as failed: the pause is the reason to give.
  if (paused) return { kind: 'paused', since: paused.since, reason: paused.reason };
  if (delivery?.state === 'failed') return { kind: 'failed', reason: delivery.error ?? '' };
  if (article.state === 'new') return { kind: 'waiting-llm', since: article.createdAt };
  if (article.state === 'failed') return { kind: 'failed', reason: 'article could not be summarized' };
  if (delivery?.state === 'pending') return { kind: 'queued', since: delivery.createdAt };
  if (sub && sub.createdAt > article.createdAt) return { kind: 'before-subscription', subscribedAt: sub.createdAt };
  return { kind: 'no-record' };
}
