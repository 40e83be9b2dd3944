/** The bounds every adaptive interval stays within (seconds), and the operator's request budget. */
export interface PollLimits {
  /** FEED_POLL_MIN_INTERVAL_SECONDS: no feed is polled more often. */
  floor: number;
  /** FEED_POLL_ADAPTIVE_CEILING_SECONDS: no healthy feed waits longer, however quiet. */
  ceiling: number;
  /** FEED_POLL_INTERVAL_SECONDS: the interval of a feed whose cadence is not known yet. */
  fallback: number;
  /** WEBSUB_SAFETY_INTERVAL_SECONDS: the interval of a feed whose hub pushes its items. */
  pushed: number;
  /** FEED_HOST_MAX_PER_MINUTE: the requests per minute the feeds of one host may ask for together; absent: no cap. */
  hostPerMinute?: number;
  /** FEED_POLL_TARGET_LAG_SECONDS: the lag within which the budget tries to find as many items as it can. */
  target: number;
}

/** What the budget needs to know of one enabled feed. */
export interface PollDemand {
  /** The feed's typical gap between new items, seconds; null: not known yet (polled at the fallback interval). */
  gapSeconds: number | null;
  /** Epoch ms of the feed's newest item; null: none seen. */
  lastItemAt: number | null;
  /** Epoch ms of the item before its newest; null or absent: none seen. */
  previousItemAt?: number | null;
  /** The interval set for this feed alone: it is polled at exactly that (never below the floor). */
  overrideSeconds: number | null;
  /** The shortest interval the feed asks for (`<ttl>`, `sy:updatePeriod`): a lower bound. */
  declaredMinSeconds: number | null;
  /** Its hub pushes new items (WebSub): polled at the safety interval only. */
  pushed?: boolean;
  /** The host the feed is fetched from: the feeds of one host share its requests per minute. */
  host?: string;
}

/**
 * How the budget is shared at one moment: the scale of {@link budgetScale}, and the factor by which the adaptive
 * intervals of a crowded host's feeds are stretched so that together they ask no more than its requests per minute
 * (hosts not listed: 1).
 */
export interface PollShare {
  scale: number;
  hostStretch: ReadonlyMap<string, number>;
}

/**
 * The wake window: a feed that has just found a new item, or whose newest two items came within this of each other
 * (a burst: a live event, a breaking story) and the newest within this of now, is polled at least once per target
 * lag. News comes in clusters, so a quiet feed that wakes up is checked again soon, and stays checked while its items
 * keep coming.
 */
export const WAKE_GAP_SECONDS = 900;

/**
 * How much an item found later than the target lag weighs against waiting: as much as this many target lags of
 * wait more. The budget minimises the total wait plus this for each late item (see {@link budgetScale}).
 */
export const LATE_ITEM_WEIGHT = 4.5;

/** A feed silent for longer than this many typical gaps (one time in twenty for a steady feed) is treated as slower. */
const QUIET_GAPS = 3;

/** An interval that adaptive polling does not choose: an override, the push safety interval, or unknown cadence. */
function fixedInterval(feed: PollDemand, limits: PollLimits): number | null {
  const lower = Math.max(limits.floor, feed.declaredMinSeconds ?? 0);
  if (feed.pushed) return Math.max(lower, limits.pushed);
  if (feed.overrideSeconds !== null) return Math.max(lower, feed.overrideSeconds);
  if (feed.gapSeconds === null) return Math.max(lower, limits.fallback);
  return null;
}

function bounds(feed: PollDemand, limits: PollLimits): [number, number] {
  const lower = Math.max(limits.floor, feed.declaredMinSeconds ?? 0);
  return [lower, Math.max(lower, limits.ceiling)];
}

const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(Math.max(x, lo), hi);

/** The gap (seconds) a feed is polled for at `now`: its typical gap, stretched when it has been quiet for long. */
function effectiveGap(feed: PollDemand, now: number): number {
  const gap = feed.gapSeconds as number;
  const since = feed.lastItemAt === null ? 0 : Math.max(0, (now - feed.lastItemAt) / 1000);
  return Math.max(gap, since / QUIET_GAPS);
}

/** The feed has just found an item, or is in a burst: see {@link WAKE_GAP_SECONDS}. */
function awake(feed: PollDemand, now: number, foundNew: boolean): boolean {
  if (foundNew) return true;
  const { lastItemAt, previousItemAt } = feed;
  if (lastItemAt === null || previousItemAt === null || previousItemAt === undefined) return false;
  return lastItemAt - previousItemAt <= WAKE_GAP_SECONDS * 1000 && now - lastItemAt < WAKE_GAP_SECONDS * 1000;
}

/** κL² of {@link idealInterval}. */
const lateTerm = (target: number) => 2 * LATE_ITEM_WEIGHT * target * target;

/**
 * The interval (seconds) that minimises a feed's wait plus its late items for the budget's price, before the bounds:
 * `s·√g` while that is within the target lag `L`; for a feed too quiet to be worth polling every `L`, `√(s²g − κL²)`
 * (κ = 2·{@link LATE_ITEM_WEIGHT}), and never less than `L`. See {@link budgetScale}.
 */
function idealInterval(scale: number, gap: number, target: number): number {
  const late = lateTerm(target);
  const squared = scale * scale * gap;
  return squared <= late ? Math.min(target, Math.sqrt(squared)) : Math.max(target, Math.sqrt(squared - late));
}

interface AdaptiveFeed {
  gap: number;
  range: [number, number];
}

/** The feeds of one host that adaptive polling paces, and the requests per second they may make together. */
interface HostGroup {
  feeds: AdaptiveFeed[];
  cap: number;
}

/**
 * Each adaptive feed's effective gap and bounds, grouped by host, and the request rate the fixed ones leave. A pushed
 * feed costs its safety polls and one poll per notification.
 */
function groupDemand(feeds: readonly PollDemand[], limits: PollLimits, budgetPerMinute: number, now: number) {
  let spare = budgetPerMinute / 60;
  const hostCap = limits.hostPerMinute === undefined ? Number.POSITIVE_INFINITY : limits.hostPerMinute / 60;
  const groups = new Map<string | undefined, HostGroup>();
  const fixedPerHost = new Map<string, number>();
  for (const feed of feeds) {
    const fixed = fixedInterval(feed, limits);
    if (fixed !== null) {
      const rate = 1 / fixed + (feed.pushed && feed.gapSeconds !== null ? 1 / feed.gapSeconds : 0);
      spare -= rate;
      if (feed.host !== undefined) fixedPerHost.set(feed.host, (fixedPerHost.get(feed.host) ?? 0) + rate);
      continue;
    }
    let group = groups.get(feed.host);
    if (!group) {
      group = { feeds: [], cap: feed.host === undefined ? Number.POSITIVE_INFINITY : hostCap };
      groups.set(feed.host, group);
    }
    group.feeds.push({ gap: effectiveGap(feed, now), range: bounds(feed, limits) });
  }
  // A host's fixed feeds come first; when they fill it alone, its adaptive feeds still get a tenth of it (the limiter
  // defers whatever goes over).
  for (const [host, fixed] of fixedPerHost) {
    const group = groups.get(host);
    if (group) group.cap = Math.max(group.cap - fixed, group.cap / 10);
  }
  // A host whose feeds could not reach its cap even all at their floor needs no counting of its own.
  const free = groups.get(undefined) ?? { feeds: [], cap: Number.POSITIVE_INFINITY };
  for (const [host, group] of groups) {
    if (host !== undefined && group.feeds.reduce((sum, f) => sum + 1 / f.range[0], 0) <= group.cap) {
      free.feeds.push(...group.feeds);
      groups.delete(host);
    }
  }
  if (free.feeds.length > 0) groups.set(undefined, free);
  return { spare, groups };
}

/**
 * Requests per second a host's adaptive feeds would make at scale `s`, before its cap: each polled every interval,
 * and a feed polled less often than the target lag once more after each new item (the wake window's check, which
 * replaces part of an interval).
 */
function hostRate(group: HostGroup, s: number, target: number): number {
  let sum = 0;
  for (const f of group.feeds) {
    const interval = clamp(idealInterval(s, f.gap, target), f.range);
    sum += 1 / interval + Math.max(0, 1 - target / interval) / f.gap;
  }
  return sum;
}

/**
 * The budget scale `s` at `now`. Polling a feed every I seconds makes its items wait I/2 on average, and a share
 * 1 − L/I of them longer than the target lag L. For the feeds' items per second 1/gᵢ (g: the effective gap), the
 * intervals that minimise Σ (1/gᵢ)·(Iᵢ/2 + w·L·(1 − L/Iᵢ)⁺) — the total wait plus w = {@link LATE_ITEM_WEIGHT}
 * target lags more for each late item — at a given request rate Σ 1/Iᵢ are those of {@link idealInterval}, within
 * each feed's bounds: the square-root rule `s·√g` for busy feeds (the least total wait), every L for the feeds whose
 * items are worth it, and longer only for quiet feeds, whose items are few. Spreading polls evenly by the square-root
 * rule alone would leave most items of the feeds that publish a few times a day later than L.
 * `s` is the smallest scale at which the feeds' requests (see {@link hostRate}) add up to no more than
 * `budgetPerMinute` requests per minute (fixed intervals — overrides, pushed feeds, unknown cadences — are paid for
 * first), each host counting for no more than its cap (what a crowded host cannot take goes to the other feeds); when
 * even every feed at its ceiling is over budget, the ceiling wins. Pure; null when no feed is adaptive.
 */
export function budgetScale(
  feeds: readonly PollDemand[],
  limits: PollLimits,
  budgetPerMinute: number,
  now: number,
): number | null {
  const { spare, groups } = groupDemand(feeds, limits, budgetPerMinute, now);
  if (groups.size === 0) return null;
  const rate = (s: number) => {
    let sum = 0;
    for (const group of groups.values()) sum += Math.min(group.cap, hostRate(group, s, limits.target));
    return sum;
  };
  // At `low` every feed is at its floor, at `high` every feed at its ceiling.
  const late = lateTerm(limits.target);
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  for (const group of groups.values()) {
    for (const f of group.feeds) {
      low = Math.min(low, f.range[0] / Math.sqrt(f.gap));
      high = Math.max(high, Math.sqrt((f.range[1] ** 2 + late) / f.gap));
    }
  }
  if (rate(low) <= spare) return low;
  if (rate(high) >= spare) return high;
  // rate() falls as s grows: bisect on a log scale to a relative precision of about 1e-6.
  for (let i = 0; i < 40 && high / low > 1 + 1e-6; i++) {
    const mid = Math.sqrt(low * high);
    if (rate(mid) > spare) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * The budget share at `now`: the {@link budgetScale}, and how much the intervals of each host whose feeds would ask
 * for more than its cap at that scale are stretched to fit it. Pure; null when no feed is adaptive.
 */
export function pollShare(
  feeds: readonly PollDemand[],
  limits: PollLimits,
  budgetPerMinute: number,
  now: number,
): PollShare | null {
  const scale = budgetScale(feeds, limits, budgetPerMinute, now);
  if (scale === null) return null;
  const hostStretch = new Map<string, number>();
  for (const [host, group] of groupDemand(feeds, limits, budgetPerMinute, now).groups) {
    const rate = hostRate(group, scale, limits.target);
    if (host !== undefined && rate > group.cap) hostStretch.set(host, rate / group.cap);
  }
  return { scale, hostStretch };
}

/**
 * The interval (seconds) until a feed's next poll, decided after each successful poll. Adaptive: the
 * {@link idealInterval} of the budget's `scale` for the feed's typical gap (stretched when it has been quiet for
 * longer than {@link QUIET_GAPS} gaps), within the floor (and what the feed declares) and the ceiling; at most the
 * target lag within the wake window ({@link WAKE_GAP_SECONDS}); then stretched by `hostStretch` when the feed's host
 * is crowded (past the ceiling if need be: the host's cap wins). An override, a pushed feed, an unknown cadence or no
 * scale (no budget computed yet) give a fixed interval instead. Pure.
 */
export function adaptiveInterval(
  feed: PollDemand,
  scale: number | null,
  limits: PollLimits,
  poll: { now: number; foundNew: boolean },
  hostStretch = 1,
): number {
  const fixed = fixedInterval(feed, limits);
  if (fixed !== null) return fixed;
  const range = bounds(feed, limits);
  if (scale === null) return Math.max(range[0], limits.fallback);
  let interval = idealInterval(scale, effectiveGap(feed, poll.now), limits.target);
  if (awake(feed, poll.now, poll.foundNew)) interval = Math.min(interval, limits.target);
  return Math.round(clamp(interval, range) * hostStretch);
}
