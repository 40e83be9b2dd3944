import { describe, expect, it } from 'vitest';
import {
  adaptiveInterval,
  budgetScale,
  type PollDemand,
  type PollLimits,
  pollShare,
  WAKE_GAP_SECONDS,
} from '../../../src/pipeline/poll/adaptive-interval.js';
import {
  type Cadence,
  MAX_GAP_SECONDS,
  MIN_GAP_SECONDS,
  OUTLIER_FACTOR,
  observeItems,
} from '../../../src/pipeline/poll/cadence.js';

const limits: PollLimits = { floor: 120, ceiling: 3600, fallback: 600, pushed: 7200, target: 300 };
const T = Date.UTC(2026, 0, 5);
const HOUR = 3600;

/** A deterministic generator (mulberry32), so every run sees the same cadences. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Publication times (ms, oldest first) of a Poisson feed with mean gap `gap` seconds, ending at T. */
function poissonTimes(gap: number, count: number, rand: () => number): number[] {
  const times = [T];
  for (let i = 1; i < count; i++) times.push((times.at(-1) as number) + Math.log(1 - rand()) * gap * 1000);
  return times.reverse();
}

/** A feed with typical gap `gapSeconds` whose newest item is half a gap old (unless `over` says otherwise). */
const adaptive = (gapSeconds: number, over: Partial<PollDemand> = {}): PollDemand => ({
  gapSeconds,
  lastItemAt: T - gapSeconds * 500,
  overrideSeconds: null,
  declaredMinSeconds: null,
  ...over,
});

const requestsPerMinute = (intervals: number[]) => intervals.reduce((sum, i) => sum + 60 / i, 0);

describe('observeItems', () => {
  it('estimates the typical gap of a regular feed from the dates of its history', () => {
    const times = Array.from({ length: 20 }, (_, i) => T - i * 2 * HOUR * 1000);
    const cadence = observeItems({ gapSeconds: null, lastItemAt: null, previousItemAt: null }, times, T);
    expect(cadence.gapSeconds).toBeCloseTo(2 * HOUR, 6);
    expect(cadence.lastItemAt).toBe(T);
  });

  it('lands within a small factor of the mean gap of generated Poisson feeds, fast and slow alike', () => {
    const rand = random(7);
    for (const gap of [300, 4 * HOUR, 3 * 86_400]) {
      const { gapSeconds } = observeItems(
        { gapSeconds: null, lastItemAt: null, previousItemAt: null },
        poissonTimes(gap, 50, rand),
        T,
      );
      // The mean of 49 exponential gaps is within 30% of theirs but once in a thousand runs.
      expect(gapSeconds).toBeGreaterThan(gap * 0.7);
      expect(gapSeconds).toBeLessThan(gap * 1.3);
    }
  });

  it('counts items of one instant as one event, and clamps future, backdated and absurd dates', () => {
    const start = { gapSeconds: 3600, lastItemAt: T, previousItemAt: T - 3600_000 };
    // Three undated items seen at once, an hour after the last one: one gap of an hour, not three tiny ones.
    const batch = observeItems(start, [T + 3600_000, T + 3600_000, T + 3600_000], T + 3600_000);
    expect(batch.gapSeconds).toBeCloseTo(3600, 6);
    expect(batch.lastItemAt).toBe(T + 3600_000);
    expect(batch.previousItemAt).toBe(T);
    // A date in the future counts as now; a date before the newest item adds no gap.
    const later = observeItems(start, [T + 10 * 3600_000, T - 5 * 3600_000], T + 1800_000);
    expect(later.lastItemAt).toBe(T + 1800_000);
    expect(later.gapSeconds).toBeCloseTo(0.9 * 3600 + 0.1 * 1800, 6);
    // Nothing new: the cadence is unchanged.
    expect(observeItems(start, [T - 3600_000, T], T + 60_000)).toEqual(start);
    // A 1970 date cannot make the gap longer than the cap; a burst seconds apart no shorter than the minimum.
    const absurd = observeItems({ gapSeconds: null, lastItemAt: null, previousItemAt: null }, [0, T], T);
    expect(absurd.gapSeconds).toBe(MAX_GAP_SECONDS);
    const burst = observeItems({ gapSeconds: null, lastItemAt: null, previousItemAt: null }, [T - 2000, T], T);
    expect(burst.gapSeconds).toBe(MIN_GAP_SECONDS);
  });

  it('lets one long silence raise the estimate by a bounded step, and remembers the item before the newest', () => {
    const hourly = { gapSeconds: 3600, lastItemAt: T, previousItemAt: T - 3600_000 };
    // A month without items counts as four typical gaps, not as a month.
    const after = observeItems(hourly, [T + 30 * 86_400_000], T + 30 * 86_400_000);
    expect(after.gapSeconds).toBeCloseTo(0.9 * 3600 + 0.1 * OUTLIER_FACTOR * 3600, 6);
    expect(after.previousItemAt).toBe(T);
    // Two items of one fetch: the newer is the newest, the older the one before it.
    const two = observeItems(hourly, [T + 600_000, T + 300_000], T + 600_000);
    expect([two.lastItemAt, two.previousItemAt]).toEqual([T + 600_000, T + 300_000]);
  });
});

describe('budgetScale and adaptiveInterval', () => {
  // A heavy-tailed population: a few feeds every few minutes, most a few times a day, many rarely.
  const rand = random(42);
  const population = Array.from({ length: 2000 }, (_, i) => {
    const base = i < 40 ? 300 : i < 1200 ? 6 * HOUR : 7 * 86_400;
    return adaptive(base * Math.exp((rand() - 0.5) * 2));
  });
  const budget = population.length / 10; // fixed 10-minute polling
  const scale = budgetScale(population, limits, budget, T);
  const steady = (f: PollDemand, s: number | null) => adaptiveInterval(f, s, limits, { now: T, foundNew: false });
  const intervals = population.map((f) => steady(f, scale));

  it('polls feeds that publish often more often than quiet ones', () => {
    const byGap = population.map((f, i) => ({ gap: f.gapSeconds as number, interval: intervals[i] as number }));
    byGap.sort((a, b) => a.gap - b.gap);
    for (let i = 1; i < byGap.length; i++) {
      expect(byGap[i]?.interval).toBeGreaterThanOrEqual((byGap[i - 1]?.interval ?? 0) - 1); // rounding
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(intervals.slice(0, 40))).toBeLessThan(300);
    expect(mean(intervals.slice(1200))).toBeGreaterThan(1200);
    for (const i of intervals) {
      expect(i).toBeGreaterThanOrEqual(limits.floor);
      expect(i).toBeLessThanOrEqual(limits.ceiling);
    }
  });

  /** Requests per minute at these intervals, with the check after each new item of a feed polled less often than L. */
  const spending = (feeds: PollDemand[], at: number[]) =>
    feeds.reduce((sum, f, i) => {
      const interval = at[i] as number;
      return sum + 60 / interval + (60 * Math.max(0, 1 - limits.target / interval)) / (f.gapSeconds as number);
    }, 0);

  it('spends the budget and no more, counting the check after each new item', () => {
    const spent = spending(population, intervals);
    expect(spent).toBeLessThanOrEqual(budget * 1.001); // intervals are rounded to whole seconds
    expect(spent).toBeGreaterThan(budget * 0.99);
    // The checks are paid for: the polls alone spend less.
    expect(spent - requestsPerMinute(intervals)).toBeGreaterThan(0.3);
    // Half the budget: every interval grows, and the spending halves.
    const half = budgetScale(population, limits, budget / 2, T);
    const slower = population.map((f) => steady(f, half));
    expect(spending(population, slower)).toBeLessThanOrEqual((budget / 2) * 1.001);
    expect(spending(population, slower)).toBeGreaterThan((budget / 2) * 0.99);
  });

  it('finds more items within the target lag than the square-root rule alone at the same requests', () => {
    // The share of items found later than the target lag: a feed polled every I finds a share 1 − L/I of its items late.
    const lateShare = (at: number[]) => {
      let late = 0;
      let all = 0;
      population.forEach((f, i) => {
        const perSecond = 1 / (f.gapSeconds as number);
        late += perSecond * Math.max(0, 1 - limits.target / (at[i] as number));
        all += perSecond;
      });
      return late / all;
    };
    // The square-root rule (I = k·√g within the bounds) at the spending of Herald's intervals, found by bisection.
    const sqrtRule = (k: number) =>
      population.map((f) => Math.min(Math.max(k * Math.sqrt(f.gapSeconds as number), limits.floor), limits.ceiling));
    const spent = spending(population, intervals);
    let [low, high] = [0.01, 1000];
    for (let i = 0; i < 60; i++) {
      const mid = Math.sqrt(low * high);
      if (spending(population, sqrtRule(mid)) > spent) low = mid;
      else high = mid;
    }
    const even = sqrtRule(high);
    expect(lateShare(intervals)).toBeLessThan(lateShare(even) * 0.8);
    // Feeds worth it are polled every target lag, and the busiest more often.
    expect(intervals.filter((i) => i === limits.target).length).toBeGreaterThan(100);
    expect(Math.max(...intervals.slice(0, 40))).toBeLessThanOrEqual(limits.target);
  });

  it('pays for overrides, pushed feeds (their notifications too) and unknown cadences first, and keeps what a feed declares', () => {
    const fixed = [
      adaptive(600, { overrideSeconds: 900 }),
      adaptive(300, { pushed: true }),
      { gapSeconds: null, lastItemAt: null, overrideSeconds: null, declaredMinSeconds: null },
    ];
    // The pushed feed: its safety polls, and a poll for each of its items (one every 300 s).
    const fixedRate = 60 / 900 + 60 / limits.pushed + 60 / 300 + 60 / 600;
    const rest = [adaptive(600), adaptive(HOUR), adaptive(600, { declaredMinSeconds: 1800 })];
    const all = [...fixed, ...rest];
    const s = budgetScale(all, limits, fixedRate + 0.5, T);
    const at = (f: PollDemand) => steady(f, s);
    expect(fixed.map(at)).toEqual([900, limits.pushed, 600]);
    expect(at(rest[2] as PollDemand)).toBeGreaterThanOrEqual(1800);
    const spent = fixedRate + spending(rest, rest.map(at));
    expect(spent).toBeLessThanOrEqual((fixedRate + 0.5) * 1.001);
    expect(spent).toBeGreaterThan((fixedRate + 0.5) * 0.99);
  });

  it('puts every feed at its ceiling when the budget cannot be met, and at its floor when it is lavish', () => {
    const feeds = [adaptive(300), adaptive(86_400)];
    const poor = budgetScale(feeds, limits, 0.001, T);
    expect(
      feeds.map((f) => adaptiveInterval({ ...f, lastItemAt: T }, poor, limits, { now: T, foundNew: false })),
    ).toEqual([3600, 3600]);
    const rich = budgetScale(feeds, limits, 1000, T);
    expect(
      feeds.map((f) => adaptiveInterval({ ...f, lastItemAt: T }, rich, limits, { now: T, foundNew: false })),
    ).toEqual([120, 120]);
    const unknown = { gapSeconds: null, lastItemAt: null, overrideSeconds: null, declaredMinSeconds: null };
    expect(budgetScale([unknown], limits, 10, T)).toBeNull();
  });

  it('slows a feed that has gone quiet, checks it within the target lag after a new item, and only once unless a burst follows', () => {
    const daily = adaptive(86_400);
    const s = budgetScale(population, limits, budget, T) as number;
    const at = (over: Partial<PollDemand>, foundNew = false, now = T) =>
      adaptiveInterval({ ...daily, ...over }, s, limits, { now, foundNew });
    const usual = at({ lastItemAt: T - 3600_000 });
    expect(usual).toBeGreaterThan(4 * limits.target);
    // Silent for three typical gaps: a steady feed would have published; it is polled less.
    const quiet = at({ lastItemAt: T - 30 * 86_400_000 });
    expect(quiet).toBe(limits.ceiling);
    expect(at({ lastItemAt: T - 2 * 86_400_000 })).toBe(usual);
    // A new item: checked again within the target lag.
    expect(at({ lastItemAt: T, previousItemAt: T - 86_400_000 }, true)).toBe(limits.target);
    // That check found nothing, and the item was alone: back to the usual interval.
    expect(at({ lastItemAt: T, previousItemAt: T - 86_400_000 }, false, T + 300_000)).toBe(usual);
    // Two items minutes apart (a burst): checked every target lag while the newest is recent, however quiet before.
    const burst = { lastItemAt: T, previousItemAt: T - 240_000 };
    expect(at(burst, false, T + 300_000)).toBe(limits.target);
    expect(at(burst, false, T + (WAKE_GAP_SECONDS + 1) * 1000)).toBe(usual);
  });

  it('follows a quiet feed that starts publishing every few minutes within a few polls', () => {
    // A week-long quiet spell, then a live event: an item every 5 minutes. Poll as the poll path does.
    const s = budgetScale(population, limits, budget, T) as number;
    let cadence: Cadence = { gapSeconds: 7 * 86_400, lastItemAt: T - 7 * 86_400_000, previousItemAt: null };
    const eventStart = T;
    const published = Array.from({ length: 36 }, (_, i) => eventStart + i * 300_000);
    let now = eventStart + 1000;
    const lags: number[] = [];
    while (now < eventStart + 3 * 3600_000) {
      const fresh = published.filter((t) => t > (cadence.lastItemAt ?? 0) && t <= now);
      for (const t of fresh) lags.push((now - t) / 1000);
      cadence = observeItems(cadence, fresh, now);
      const interval = adaptiveInterval({ ...adaptive(7 * 86_400), ...cadence }, s, limits, {
        now,
        foundNew: fresh.length > 0,
      });
      now += interval * 1000;
    }
    // After the first item, each item of the event is found within the target lag.
    expect(lags.length).toBe(published.length);
    expect(Math.max(...lags)).toBeLessThanOrEqual(limits.target);
  });

  it('keeps the feeds of one crowded host within its requests per minute, and gives what it cannot take to the rest', () => {
    const capped: PollLimits = { ...limits, hostPerMinute: 60 };
    // 200 busy feeds of one RSSHub instance and 200 as busy on hosts of their own, 140 requests a minute in all.
    const crowded = Array.from({ length: 200 }, () => adaptive(300, { host: 'rsshub.example' }));
    const apart = Array.from({ length: 200 }, (_, i) => adaptive(300, { host: `feed${i}.example` }));
    const all = [...crowded, ...apart];
    const share = pollShare(all, capped, 140, T)!;
    const at = (f: PollDemand) =>
      adaptiveInterval(f, share.scale, capped, { now: T, foundNew: false }, share.hostStretch.get(f.host!) ?? 1);
    const fromCrowded = requestsPerMinute(crowded.map(at));
    expect(fromCrowded).toBeLessThanOrEqual(60 * 1.001);
    expect(fromCrowded).toBeGreaterThan(59);
    expect(requestsPerMinute(all.map(at))).toBeGreaterThan(139);
    expect(requestsPerMinute(all.map(at))).toBeLessThanOrEqual(140 * 1.001);
    // Without the cap every feed would wait the same; the feeds apart now get what the crowded host cannot take.
    const uncapped = budgetScale(all, limits, 140, T)!;
    const even = adaptiveInterval(apart[0]!, uncapped, limits, { now: T, foundNew: false });
    expect(at(apart[0]!)).toBeLessThan(even);
    expect(at(crowded[0]!)).toBeGreaterThan(even);
    expect([...share.hostStretch.keys()]).toEqual(['rsshub.example']);
  });
});
