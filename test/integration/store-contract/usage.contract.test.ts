import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, MINUTE, T0, useFixture } from './harness.js';

const limits = { user: { max: 2, windowMs: 10 * MINUTE }, guild: { max: 3, windowMs: 60 * MINUTE } };

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('usage repository on $name', (adapter) => {
  const coverage = coverageOf('usage');
  const fx = useFixture(adapter, coverage);

  it('adds up LLM calls and tokens per model and day, and reports them from a day on', async () => {
    const { store } = fx();
    await store.usage.recordLlmCall('2025-05-01', 'gpt-b', { promptTokens: 100, completionTokens: 20 });
    await store.usage.recordLlmCall('2025-05-01', 'gpt-a', { promptTokens: 1_000, completionTokens: 200 });
    await store.usage.recordLlmCall('2025-05-01', 'gpt-b', { promptTokens: 50, completionTokens: 5 });
    await store.usage.recordLlmCall('2025-04-30', 'gpt-a', { promptTokens: 7, completionTokens: 3 });
    await store.usage.recordLlmCall('2025-05-02', 'gpt-a', { promptTokens: 1, completionTokens: 1 });

    expect(await store.usage.tokensOn('2025-05-01')).toBe(1_375);
    expect(await store.usage.tokensOn('2025-04-30')).toBe(10);
    expect(await store.usage.tokensOn('2025-05-03')).toBe(0);
    expect((await store.usage.since('2025-05-01')).usage).toEqual([
      { day: '2025-05-01', model: 'gpt-a', calls: 1, promptTokens: 1_000, completionTokens: 200 },
      { day: '2025-05-01', model: 'gpt-b', calls: 2, promptTokens: 150, completionTokens: 25 },
      { day: '2025-05-02', model: 'gpt-a', calls: 1, promptTokens: 1, completionTokens: 1 },
    ]);
  });

  it('counts summary events per kind and day', async () => {
    const { store } = fx();
    await store.usage.countEvent('2025-05-01', 'llm');
    await store.usage.countEvent('2025-05-01', 'cached');
    await store.usage.countEvent('2025-05-01', 'llm');
    await store.usage.countEvent('2025-04-30', 'llm');
    await store.usage.countEvent('2025-05-02', 'budget-fallback');
    expect(await store.usage.since('2025-05-01')).toEqual({
      usage: [],
      events: [
        { day: '2025-05-01', kind: 'cached', count: 1 },
        { day: '2025-05-01', kind: 'llm', count: 2 },
        { day: '2025-05-02', kind: 'budget-fallback', count: 1 },
      ],
    });
    expect(await store.usage.since('2025-06-01')).toEqual({ usage: [], events: [] });
  });

  it('gives /summarize slots up to each user’s and guild’s limit, and says when the next one frees', async () => {
    const { store } = fx();
    const take = (userId: string, at: number, guildId = 'g1') =>
      store.usage.takeSummarizeSlot({ guildId, userId, now: at }, limits);

    expect(await take('u1', T0)).toEqual({ ok: true });
    expect(await take('u1', T0 + MINUTE)).toEqual({ ok: true });
    // The user's oldest of their last two requests leaves the 10-minute window at T0 + 10 minutes.
    expect(await take('u1', T0 + 2 * MINUTE)).toEqual({ ok: false, scope: 'user', retryAt: T0 + 10 * MINUTE });
    // A refused request takes no slot: another user of the guild still gets the guild's third.
    expect(await take('u2', T0 + 3 * MINUTE)).toEqual({ ok: true });
    expect(await take('u3', T0 + 4 * MINUTE)).toEqual({ ok: false, scope: 'guild', retryAt: T0 + 60 * MINUTE });
    // Other guilds count apart; the user's limit spans guilds.
    expect(await take('u3', T0 + 4 * MINUTE, 'g2')).toEqual({ ok: true });
    expect(await take('u1', T0 + 11 * MINUTE, 'g2')).toEqual({ ok: true });
    expect(await take('u1', T0 + 11 * MINUTE, 'g1')).toEqual({ ok: false, scope: 'guild', retryAt: T0 + 60 * MINUTE });
    expect(await take('u4', T0 + 61 * MINUTE)).toEqual({ ok: true });
  });

  it('never hands out more slots than the limit to concurrent requests', async () => {
    const { db } = fx();
    const stores = db.openConcurrent(4) as Store[];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stores[i % stores.length]!.usage.takeSummarizeSlot({ guildId: 'g1', userId: `u${i}`, now: T0 }, limits),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(limits.guild.max);
  });

  itCalledEveryMethod(coverage);
});
