/**
 * Publication → discovery lag of polling strategies (on demand, not in CI): a discrete-event simulation of a day of
 * 10,000 feeds on a fake clock, driving Herald's own scheduling functions — `planNextPoll` (fixed grid or adaptive
 * interval), `observeItems` (cadence), `pollShare` (the request budget, recomputed every BUDGET_REFRESH_MS as each
 * worker does) — with the default configuration.
 *
 *   npx tsx bench/latency.ts
 *   npx tsx bench/latency.ts --feeds 2000 --seed 7 --hours 24
 *   FEED_POLL_MIN_INTERVAL_SECONDS=60 npx tsx bench/latency.ts     # any poll setting from the environment
 *
 * The population is heavy-tailed: 1.5% of the feeds publish every few minutes, 55% a few times a day, the rest
 * rarely (every few days to months); gaps are Poisson around each feed's own mean, and 5% of the slower feeds also
 * have a live event of a day (an item every 5 minutes for an hour). 10% advertise a WebSub hub. Every feed is polled
 * at the scheduler's tick (SCHEDULER_TICK_SECONDS), as `claimDue` does. Rows:
 *   (a) fixed:    every feed every FEED_POLL_INTERVAL_SECONDS on its URL-hashed grid
 *   (b) adaptive: FEED_POLL_ADAPTIVE with the default budget (the requests of (a))
 *   (c) adaptive + WebSub: as (b); a hub feed is polled WEBSUB_SAFETY_INTERVAL_SECONDS apart and, on each publication,
 *       once more when the hub's notification arrives (hub delay: log-normal, median 3 s, 1% of notifications lost)
 * The lag is from publication to the poll that stores the item; summarizing and posting come after it in every row
 * (bench/soak.ts measures publication → post through real workers), and the output says so. The items found later
 * than 5 minutes in (c) are counted by the kind of feed they come from: what the p95 target is missed by.
 * Requests count every poll of the simulated day, push-triggered ones included. Each feed is on a host of its own.
 * The last lines give a bound no schedule can beat with (a)'s requests (see `bound`): what the targets leave room for.
 */
import { loadConfig } from '../src/config.js';
import { type PollDemand, type PollLimits, pollShare } from '../src/pipeline/poll/adaptive-interval.js';
import { type Cadence, observeItems } from '../src/pipeline/poll/cadence.js';
import { type PlanConfig, planNextPoll } from '../src/pipeline/poll/plan-next-poll.js';
import { BUDGET_REFRESH_MS, budgetPerMinute, feedHost, pollLimits } from '../src/pipeline/poll/poll-budget.js';
import { numericFlags, quantile, report } from './cluster.js';

const flags = numericFlags({ feeds: 10_000, seed: 42, hours: 24 });
const DAY_MS = flags.hours * 3600_000;
const MIN = 60_000;

/** mulberry32: a small seeded generator, so every run sees the same population. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(flags.seed);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const exponential = (mean: number) => -Math.log(1 - rand()) * mean;

/** How often a feed publishes, as the population draws it. */
type Kind = 'busy' | 'daily' | 'rare';

interface SimFeed {
  url: string;
  kind: Kind;
  hub: boolean;
  /** Mean gap of its Poisson publishing, seconds. */
  meanGap: number;
  /** Items of its live event (0: none). */
  eventItems: number;
  /** Publication times (ms) of its live event's items. */
  eventTimes: Set<number>;
  /** Publication times (ms) before the day, oldest first: what the first fetch carries. */
  history: number[];
  /** Publication times (ms) within the day, oldest first. */
  items: number[];
  /** Hub delay (ms) of each item of the day; Infinity when its notification is lost. */
  pushDelays: number[];
}

function population(count: number): SimFeed[] {
  return Array.from({ length: count }, (_, i) => {
    const u = rand();
    // Mean gap in seconds: log-normal around each class's median.
    const meanGap =
      u < 0.015
        ? 300 * Math.exp(0.5 * normal())
        : u < 0.565
          ? 5 * 3600 * Math.exp(0.6 * normal())
          : 5 * 86_400 * Math.exp(1.2 * normal());
    const history: number[] = [];
    for (let t = -exponential(meanGap * 1000); history.length < 20; t -= exponential(meanGap * 1000)) history.push(t);
    history.reverse();
    const items: number[] = [];
    for (let t = exponential(meanGap * 1000); t < DAY_MS; t += exponential(meanGap * 1000)) items.push(t);
    let eventItems = 0;
    const eventTimes = new Set<number>();
    if (u >= 0.015 && rand() < 0.05) {
      eventItems = 12;
      const start = rand() * (DAY_MS - 3600_000);
      for (let k = 0; k < 12; k++) eventTimes.add(start + k * 5 * MIN);
      items.push(...eventTimes);
      items.sort((a, b) => a - b);
    }
    const pushDelays = items.map(() => (rand() < 0.01 ? Number.POSITIVE_INFINITY : 3000 * Math.exp(0.8 * normal())));
    // Each feed on a host of its own: the simulation measures the budget, not per-host politeness.
    return {
      url: `https://feed${i}.example/rss.xml`,
      kind: u < 0.015 ? 'busy' : u < 0.565 ? 'daily' : 'rare',
      hub: rand() < 0.1,
      meanGap,
      eventItems,
      eventTimes,
      history,
      items,
      pushDelays,
    };
  });
}

/** A binary min-heap of (time, feed) events. */
class EventHeap {
  private times: number[] = [];
  private feeds: number[] = [];
  get size() {
    return this.times.length;
  }
  peekTime() {
    return this.times[0] ?? Number.POSITIVE_INFINITY;
  }
  push(time: number, feed: number) {
    const { times, feeds } = this;
    let i = times.length;
    times.push(time);
    feeds.push(feed);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((times[parent] as number) <= time) break;
      times[i] = times[parent] as number;
      feeds[i] = feeds[parent] as number;
      i = parent;
    }
    times[i] = time;
    feeds[i] = feed;
  }
  pop(): [number, number] {
    const { times, feeds } = this;
    const top: [number, number] = [times[0] as number, feeds[0] as number];
    const lastTime = times.pop() as number;
    const lastFeed = feeds.pop() as number;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && (times[child + 1] as number) < (times[child] as number)) child++;
        if ((times[child] as number) >= lastTime) break;
        times[i] = times[child] as number;
        feeds[i] = feeds[child] as number;
        i = child;
      }
      times[i] = lastTime;
      feeds[i] = lastFeed;
    }
    return top;
  }
}

/** The lag (s) the targets judge the tail by. */
const LATE_SECONDS = 300;

interface Row {
  lags: number[];
  requests: number;
  items: number;
  /** Items found later than LATE_SECONDS, by the kind of their feed (hub feeds apart), and those of live events. */
  late: Record<Kind | 'hub' | 'event', number>;
}

function simulate(feeds: SimFeed[], config: PlanConfig & { SCHEDULER_TICK_SECONDS: number }, websub: boolean): Row {
  const tick = config.SCHEDULER_TICK_SECONDS * 1000;
  const limits = pollLimits(config);
  const pushed = (f: SimFeed) => websub && f.hub;
  const cadences: Cadence[] = feeds.map((f) =>
    observeItems({ gapSeconds: null, lastItemAt: null, previousItemAt: null }, f.history, 0),
  );
  const seen = new Int32Array(feeds.length); // items of the day already stored, per feed
  const demand = (): PollDemand[] =>
    feeds.map((f, i) => ({
      gapSeconds: cadences[i]?.gapSeconds ?? null,
      lastItemAt: cadences[i]?.lastItemAt ?? null,
      previousItemAt: cadences[i]?.previousItemAt ?? null,
      overrideSeconds: null,
      declaredMinSeconds: null,
      pushed: pushed(f),
      host: feedHost(f.url),
    }));
  const budget = budgetPerMinute(config, feeds.length);
  let share = config.FEED_POLL_ADAPTIVE ? pollShare(demand(), limits, budget, 0) : null;
  let scaledAt = 0;

  // Polls are due on the scheduler's grid of ticks; push-triggered polls run when the notification arrives.
  const due = new EventHeap();
  const pushes = new EventHeap();
  feeds.forEach((f, i) => {
    const { next } = planNextPoll(
      config,
      {
        url: f.url,
        overrideSeconds: null,
        declaredMinSeconds: null,
        cadence: cadences[i] as Cadence,
        pushed: pushed(f),
        foundNew: false,
      },
      share,
      0,
    );
    due.push(next, i);
    if (pushed(f)) {
      for (const [k, t] of f.items.entries()) pushes.push(t + (f.pushDelays[k] as number), i);
    }
  });

  const row: Row = { lags: [], requests: 0, items: 0, late: { busy: 0, daily: 0, rare: 0, hub: 0, event: 0 } };
  for (const f of feeds) row.items += f.items.length;
  const poll = (i: number, now: number) => {
    const f = feeds[i] as SimFeed;
    if (now < DAY_MS) row.requests++;
    let k = seen[i] as number;
    const fresh: number[] = [];
    while (k < f.items.length && (f.items[k] as number) <= now) fresh.push(f.items[k++] as number);
    seen[i] = k;
    for (const t of fresh) {
      row.lags.push((now - t) / 1000);
      if (now - t > LATE_SECONDS * 1000) row.late[f.eventTimes.has(t) ? 'event' : f.hub ? 'hub' : f.kind]++;
    }
    if (fresh.length > 0) cadences[i] = observeItems(cadences[i] as Cadence, fresh, now);
    if (config.FEED_POLL_ADAPTIVE && now - scaledAt >= BUDGET_REFRESH_MS) {
      share = pollShare(demand(), limits, budget, now);
      scaledAt = now;
    }
    const plan = {
      url: f.url,
      overrideSeconds: null,
      declaredMinSeconds: null,
      cadence: cadences[i] as Cadence,
      pushed: pushed(f),
      foundNew: fresh.length > 0,
    };
    return planNextPoll(config, plan, share, now).next;
  };

  // Run past the day until every item of the day has been found (the ceiling bounds the wait).
  const end = DAY_MS + 2 * Math.max(limits.ceiling, limits.pushed) * 1000;
  const scheduled = new Float64Array(feeds.length);
  for (let i = 0; i < feeds.length; i++) scheduled[i] = Number.NaN;
  for (let now = 0; now <= end; now += tick) {
    // Notifications that arrived since the last tick: the feed's poll is enqueued at once (about a second later).
    while (pushes.peekTime() <= now) {
      const [at, i] = pushes.pop();
      const next = poll(i, at + 1000);
      scheduled[i] = next;
      due.push(next, i);
    }
    while (due.peekTime() <= now) {
      const [at, i] = due.pop();
      // A push poll rescheduled this feed: the older entry is stale.
      if (!Number.isNaN(scheduled[i] as number) && scheduled[i] !== at) continue;
      const next = poll(i, now);
      scheduled[i] = next;
      due.push(next, i);
    }
  }
  return row;
}

/**
 * The smallest lag within which a share `q` of the items can be found with `requests` polls over the day, whatever the
 * schedule: a bound, generous on purpose. Hub items and live-event items count as found at once, every request goes
 * to the other feeds, and each of those publishes as a Poisson process at its known rate, so a feed polled r times a
 * second finds at most a share min(1, x·r) of its items within x seconds (each poll finds only what appeared in the
 * x seconds before it). For a given x, the most items are found by polling the busiest feeds every x seconds, as many
 * as the requests allow, within Herald's floor and ceiling.
 */
function bound(feeds: SimFeed[], requests: number, q: number, { floor, ceiling }: PollLimits): number {
  const perSecond = requests / (DAY_MS / 1000);
  let free = 0;
  const expected: number[] = [];
  for (const f of feeds) {
    const poisson = DAY_MS / 1000 / f.meanGap;
    free += f.eventItems + (f.hub ? poisson : 0);
    if (!f.hub) expected.push(poisson);
  }
  expected.sort((a, b) => b - a);
  const total = expected.reduce((sum, n) => sum + n, free);
  // Every feed is polled at least once per ceiling and at most once per floor, as Herald's bounds say.
  const found = (x: number) => {
    let left = perSecond - expected.length / ceiling;
    let sum = free;
    for (const n of expected) {
      const rate = 1 / ceiling + Math.max(0, Math.min(1 / Math.max(x, floor) - 1 / ceiling, left));
      sum += n * Math.min(1, rate * x);
      left -= rate - 1 / ceiling;
    }
    return sum / total;
  };
  let [low, high] = [0.001, DAY_MS / 1000];
  while (high - low > 0.1) {
    const mid = (low + high) / 2;
    if (found(mid) >= q) high = mid;
    else low = mid;
  }
  return high;
}

// The environment may change the poll settings (FEED_POLL_MIN_INTERVAL_SECONDS=60 …); row (a) is always fixed.
const fixedConfig = loadConfig({ ...process.env, FEED_POLL_ADAPTIVE: 'false' });
const adaptiveConfig = loadConfig({ ...process.env, FEED_POLL_ADAPTIVE: 'true' });
const started = performance.now();
const feeds = population(flags.feeds);
const hubs = feeds.filter((f) => f.hub).length;
const published = feeds.reduce((sum, f) => sum + f.items.length, 0);
report('feeds', `${flags.feeds.toLocaleString('en-US')} (${hubs.toLocaleString('en-US')} with a hub)`);
report('items published', `${published.toLocaleString('en-US')} in ${flags.hours} h`);
report(
  'limits',
  `floor ${adaptiveConfig.FEED_POLL_MIN_INTERVAL_SECONDS} s, ceiling ${pollLimits(adaptiveConfig).ceiling} s, target lag ${adaptiveConfig.FEED_POLL_TARGET_LAG_SECONDS} s, budget ${budgetPerMinute(adaptiveConfig, flags.feeds).toFixed(0)} requests/min, tick ${adaptiveConfig.SCHEDULER_TICK_SECONDS} s`,
);

const limits = pollLimits(adaptiveConfig);
const rows: [string, Row][] = [
  ['(a) fixed 10 min', simulate(feeds, fixedConfig, false)],
  ['(b) adaptive', simulate(feeds, adaptiveConfig, false)],
  ['(c) adaptive + WebSub', simulate(feeds, adaptiveConfig, true)],
];
const fmt = (s: number) => (s < 100 ? `${s.toFixed(1)} s` : `${s.toFixed(0)} s`);
process.stdout.write(
  `\n${'row'.padEnd(24)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'requests'.padStart(12)}${'req/item'.padStart(10)}\n`,
);
const figures = rows.map(([name, r]) => {
  const [p50, p95, p99] = [0.5, 0.95, 0.99].map((q) => quantile(r.lags, q)) as [number, number, number];
  if (r.lags.length !== r.items) throw new Error(`${name}: found ${r.lags.length} of ${r.items} items`);
  process.stdout.write(
    `${name.padEnd(24)}${fmt(p50).padStart(9)}${fmt(p95).padStart(9)}${fmt(p99).padStart(9)}${r.requests.toLocaleString('en-US').padStart(12)}${(r.requests / r.items).toFixed(1).padStart(10)}\n`,
  );
  return { p50, p95, requests: r.requests, late: r.late, items: r.items };
});
const [a, b, c] = figures as [(typeof figures)[0], (typeof figures)[0], (typeof figures)[0]];
process.stdout.write('\n');
const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
report('(b) p50 / (a) p50', `${(b.p50 / a.p50).toFixed(2)} (target ≤ 0.5: ${check(b.p50 <= a.p50 / 2)})`);
report('(b) requests / (a) requests', (b.requests / a.requests).toFixed(2));
report('(c) p50', `${fmt(c.p50)} (target < 60 s: ${check(c.p50 < 60)})`);
report('(c) p95', `${fmt(c.p95)} (target < ${LATE_SECONDS} s: ${check(c.p95 < LATE_SECONDS)})`);
const late = Object.values(c.late).reduce((sum, n) => sum + n, 0);
report(
  `(c) items found after ${LATE_SECONDS / 60} min`,
  `${late.toLocaleString('en-US')} (${((100 * late) / c.items).toFixed(1)}% of the items, 5% allowed): feeds publishing every few minutes ${c.late.busy}, a few times a day ${c.late.daily}, rarely ${c.late.rare}; with a hub ${c.late.hub}; live-event items ${c.late.event}`,
);
report(
  '(c) requests / (a) requests',
  `${(c.requests / a.requests).toFixed(2)} (target ≤ 1: ${check(c.requests <= a.requests)})`,
);
report(
  "bound with (a)'s requests",
  `p50 ${fmt(bound(feeds, a.requests, 0.5, limits))}, p95 ${fmt(bound(feeds, a.requests, 0.95, limits))} (any schedule; hub and live-event items found at once)`,
);
report(
  'what the lag covers',
  'publication → the poll that stores the item; summarizing and posting come after it (bench/soak.ts measures the whole path)',
);
report('run time', `${((performance.now() - started) / 1000).toFixed(1)} s`);
