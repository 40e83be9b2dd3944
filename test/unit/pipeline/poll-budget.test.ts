import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { budgetPerMinute, createPollBudget, pollLimits } from '../../../src/pipeline/poll/poll-budget.js';
import type { FeedPollDemand } from '../../../src/store/store.js';

const T = Date.UTC(2026, 0, 5);
const row = (cadenceSeconds: number | null): FeedPollDemand => ({
  cadenceSeconds,
  lastItemAt: T - 3600_000,
  intervalOverrideSeconds: null,
  declaredMinIntervalSeconds: null,
  pushed: false,
});

describe('the poll budget of a process', () => {
  it('defaults to what fixed polling would cost, with a ceiling of six default intervals', () => {
    const config = loadConfig({});
    expect(budgetPerMinute(config, 10_000)).toBe(1000);
    expect(budgetPerMinute(loadConfig({ FEED_POLL_BUDGET_PER_MINUTE: '250' }), 10_000)).toBe(250);
    expect(pollLimits(config)).toEqual({ floor: 120, ceiling: 3600, fallback: 600, pushed: 3600 });
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
    const first = await budget.scale(T);
    expect(first).not.toBeNull();
    expect(await budget.scale(T + 59_000)).toBe(first);
    expect(reads).toBe(1);

    // More feeds share the same per-feed budget differently: the next period sees them.
    rows = [row(300), row(300), row(300), row(86_400)];
    const second = await budget.scale(T + 60_000);
    expect(reads).toBe(2);
    expect(second).not.toBe(first);

    fail = true;
    await expect(budget.scale(T + 120_000)).rejects.toThrow('database down');
    fail = false;
    expect(await budget.scale(T + 121_000)).not.toBeNull();
    expect(reads).toBe(4);
  });
});
