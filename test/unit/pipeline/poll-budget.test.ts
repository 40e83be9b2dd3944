import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { planNextPoll } from '../../../src/pipeline/poll/plan-next-poll.js';
import { budgetPerMinute, createPollBudget, pollLimits } from '../../../src/pipeline/poll/poll-budget.js';
import { nextPollAt } from '../../../src/pipeline/poll/schedule.js';
import type { FeedPollDemand } from '../../../src/store/store.js';

const T = Date.UTC(2026, 0, 5);
const row = (cadenceSeconds: number | null): FeedPollDemand => ({
  url: 'https://news.example/feed.xml',
  cadenceSeconds,
  lastItemAt: T - 3600_000,
  previousItemAt: null,
  intervalOverrideSeconds: null,
  declaredMinIntervalSeconds: null,
  pushed: false,
});

/** A feed publishing every 5 minutes, its newest item at `lastItemAt`, as the poll path plans it. */
const planInput = (lastItemAt: number) => ({
  url: 'https://news.example/feed.xml',
  overrideSeconds: null,
  declaredMinSeconds: null,
  cadence: { gapSeconds: 300, lastItemAt, previousItemAt: null },
  foundNew: false,
});

describe('the poll budget of a process', () => {
  it('defaults to what fixed polling would cost, with a ceiling of six default intervals', () => {
    const config = loadConfig({});
    expect(budgetPerMinute(config, 10_000)).toBe(1000);
    expect(budgetPerMinute(loadConfig({ FEED_POLL_BUDGET_PER_MINUTE: '250' }), 10_000)).toBe(250);
    expect(pollLimits(config)).toEqual({
      floor: 60,
      ceiling: 3600,
      fallback: 600,
      pushed: 3600,
      hostPerMinute: 60,
      target: 300,
    });
    expect(pollLimits(loadConfig({ FEED_POLL_ADAPTIVE_CEILING_SECONDS: '7200' })).ceiling).toBe(7200);
  });

  it('reads the feeds once per refresh period, and again after a failed read', async () => {
    let reads = 0;
    let fail = false;
    let rows = [row(300), row(86_400)];
    const feeds = {
      async pollDemand() {
        reads++;
        if (fail) throw new Error('database down');
        return rows;
      },
    };
    const budget = createPollBudget(feeds, loadConfig({}), 60_000);
    const first = await budget.share(T);
    expect(first).not.toBeNull();
    expect(await budget.share(T + 59_000)).toBe(first);
    expect(reads).toBe(1);

    // More feeds share the same per-feed budget differently: the next period sees them.
    rows = [row(300), row(300), row(300), row(86_400)];
    const second = await budget.share(T + 60_000);
    expect(reads).toBe(2);
    expect(second).not.toBe(first);

    fail = true;
    await expect(budget.share(T + 120_000)).rejects.toThrow('database down');
    fail = false;
    expect(await budget.share(T + 121_000)).not.toBeNull();
    expect(reads).toBe(4);
  });

  it('plans the busy feeds of one host no more often than the host allows in a minute', async () => {
    // A hundred feeds of one host that each publish every 5 minutes, on a host that takes 10 requests a minute.
    const config = loadConfig({ FEED_HOST_MAX_PER_MINUTE: '10', FEED_POLL_BUDGET_PER_MINUTE: '1000' });
    const share = await createPollBudget(
      { pollDemand: async () => Array.from({ length: 100 }, () => row(300)) },
      config,
    ).share(T);
    expect(share?.hostStretch.get('news.example')).toBeGreaterThan(1);
    const feed = planInput(T - 3600_000);
    // 100 feeds × 60 / 600 s = 10 requests a minute.
    expect(planNextPoll(config, feed, share, T).interval).toBeGreaterThanOrEqual(599);
    // A feed of another host is not held back: the budget polls it at the floor.
    expect(planNextPoll(config, { ...feed, url: 'https://other.example/feed.xml' }, share, T).interval).toBe(
      config.FEED_POLL_MIN_INTERVAL_SECONDS,
    );
  });

  it('plans an adaptive poll half a tick early, so that the tick after it keeps the interval on average, never below the floor', () => {
    const config = loadConfig({ SCHEDULER_TICK_SECONDS: '30', FEED_POLL_MIN_INTERVAL_SECONDS: '60' });
    const feed = planInput(T - 60_000);
    const share = (scale: number) => ({ scale, hostStretch: new Map<string, number>() });
    // 75 s: due 60 s from now, so the next tick (every 30 s from a poll on one) polls it at 60 s or 90 s, 75 on average.
    const planned = planNextPoll(config, feed, share(75 / Math.sqrt(300)), T);
    expect(planned.interval).toBe(75);
    expect(planned.next - T).toBe(60_000);
    // At the floor: due at the floor, not earlier.
    const fastest = planNextPoll(config, feed, share(1), T);
    expect(fastest.interval).toBe(60);
    expect(fastest.next - T).toBe(60_000);
    // A fixed interval keeps its slot on the feed's grid.
    const fixed = planNextPoll(config, { ...feed, overrideSeconds: 900 }, share(1), T);
    expect(fixed.next - T).toBeLessThanOrEqual(900_000);
    expect(fixed.next).toBe(nextPollAt(feed.url, 900, T));
  });
});
