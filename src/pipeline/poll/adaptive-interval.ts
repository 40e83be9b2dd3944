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
}

/** What the budget needs to know of one enabled feed. */
export interface PollDemand {
  /** The feed's typical gap between new items, seconds; null: not known yet (polled at the fallback interval). */
  gapSeconds: number | null;
  /** Epoch ms of the feed's newest item; null: none seen. */
  lastItemAt: number | null;
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
 * The wake window: for this long after its newest item (and right after a poll that found one), a feed is treated as
 * publishing at least this often. News comes in clusters, so a quiet feed that wakes up is polled again soon, and
 * stays polled often while its items keep coming.
 */
export const WAKE_GAP_SECONDS = 900;

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

/**
 * The gap (seconds) a feed is polled for at `now`: its typical gap `g`, stretched to the time since its newest item
 * when it has been quiet for longer, and at most {@link WAKE_GAP_SECONDS} within the wake window.
 */
function effectiveGap(gap: number, lastItemAt: number | null, now: number, foundNew: boolean): number {
  const since = lastItemAt === null ? 0 : Math.max(0, (now - lastItemAt) / 1000);
  const awake = foundNew || since < WAKE_GAP_SECONDS;
  return awake ? Math.min(gap, WAKE_GAP_SECONDS) : Math.max(gap, since);
}

interface AdaptiveFeed {
  root: number;
  range: [number, number];
}

/** The feeds of one host that adaptive polling paces, and the requests per second they may make together. */
interface HostGroup {
  feeds: AdaptiveFeed[];
  cap: number;
}

/** Each adaptive feed's √(effective gap) and bounds, grouped by host, and the request rate the fixed ones leave. */
function groupDemand(feeds: readonly PollDemand[], limits: PollLimits, budgetPerMinute: number, now: number) {
  let spare = budgetPerMinute / 60;
  const hostCap = limits.hostPerMinute === undefined ? Number.POSITIVE_INFINITY : limits.hostPerMinute / 60;
  const groups = new Map<string | undefined, HostGroup>();
  const fixedPerHost = new Map<string, number>();
  for (const feed of feeds) {
    const fixed = fixedInterval(feed, limits);
    if (fixed !== null) {
      spare -= 1 / fixed;
      if (feed.host !== undefined) fixedPerHost.set(feed.host, (fixedPerHost.get(feed.host) ?? 0) + 1 / fixed);
      continue;
    }
    const gap = effectiveGap(feed.gapSeconds as number, feed.lastItemAt, now, false);
    let group = groups.get(feed.host);
    if (!group) {
      group = { feeds: [], cap: feed.host === undefined ? Number.POSITIVE_INFINITY : hostCap };
      groups.set(feed.host, group);
    }
    group.feeds.push({ root: Math.sqrt(gap), range: bounds(feed, limits) });
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

/** Requests per second a host's adaptive feeds would make at scale `s`, before its cap. */
function hostRate(group: HostGroup, s: number): number {
  let sum = 0;
  for (const f of group.feeds) sum += 1 / clamp(s * f.root, f.range);
  return sum;
}

/**
 * The budget scale `s` at `now`: an adaptive feed is polled every `s·√g` seconds within its bounds, `g` being its
 * effective gap (see {@link adaptiveInterval}). Polling a feed every I seconds makes its items wait I/2 on average, so
 * the wait per item summed over all feeds, Σ (1/gᵢ)·Iᵢ/2, is least for a given request rate Σ 1/Iᵢ when Iᵢ ∝ √gᵢ.
 * `s` is the smallest scale at which the intervals the feeds would get now add up to no more than `budgetPerMinute`
 * requests per minute (fixed intervals — overrides, pushed feeds, unknown cadences — are paid for first), each host
 * counting for no more than its cap (what a crowded host cannot take goes to the other feeds); when even every feed
 * at its ceiling is over budget, the ceiling wins. Pure; null when no feed is adaptive.
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
    for (const group of groups.values()) sum += Math.min(group.cap, hostRate(group, s));
    return sum;
  };
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  for (const group of groups.values()) {
    for (const f of group.feeds) {
      low = Math.min(low, f.range[0] / f.root);
      high = Math.max(high, f.range[1] / f.root);
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
    const rate = hostRate(group, scale);
    if (host !== undefined && rate > group.cap) hostStretch.set(host, rate / group.cap);
  }
  return { scale, hostStretch };
}

/**
 * The interval (seconds) until a feed's next poll, decided after each successful poll. Adaptive: `scale·√g` within
 * the floor (and what the feed declares) and the ceiling, where `g` is the feed's typical gap, stretched to the time
 * since its newest item when it has been quiet for longer, and shortened to {@link WAKE_GAP_SECONDS} within the wake
 * window, then stretched by `hostStretch` when the feed's host is crowded (past the ceiling if need be: the host's cap
 * wins). An override, a pushed feed, an unknown cadence or no scale (no budget computed yet) give a fixed interval
 * instead. Pure.
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
  if (scale === null) return Math.max(bounds(feed, limits)[0], limits.fallback);
  const gap = effectiveGap(feed.gapSeconds as number, feed.lastItemAt, poll.now, poll.foundNew);
  return Math.round(clamp(scale * Math.sqrt(gap), bounds(feed, limits)) * hostStretch);
}
