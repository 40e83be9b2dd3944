import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatStats, statsReport } from '../../../src/cli/stats.js';
import { loadConfig } from '../../../src/config.js';
import { articleText } from '../../../src/html/article-text.js';
import { createStoreMeter, utcDay } from '../../../src/pipeline/summarize/summarize-setup.js';
import { createSqliteStore } from '../../../src/store/sqlite.js';
import type { Store } from '../../../src/store/store.js';
import { createCircuitBreaker } from '../../../src/summarize/circuit-breaker.js';
import { createLlmSummarizer } from '../../../src/summarize/llm.js';
import { LlmError } from '../../../src/summarize/llm-error.js';
import { createSummarizer } from '../../../src/summarize/summarizer.js';
import summarizeWorker from '../../../workers/summarize.js';
import { type FakeOpenAiServer, reply, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { englishArticle } from '../../unit/summarize/fixtures.js';

const article = { title: englishArticle().title, text: articleText(englishArticle().html), language: 'en' };
const opts = { language: 'en', style: 'brief' } as const;
let server: FakeOpenAiServer;
let store: Store;
let clock = Date.parse('2025-05-01T12:00:00Z');
const now = () => clock;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  store = createSqliteStore(':memory:');
  await store.migrate();
});
afterAll(async () => {
  await server.close();
  await store.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.respondWith([]);
});

function summarizer(extra: { dailyTokenBudget?: number; breaker?: ReturnType<typeof createCircuitBreaker> } = {}) {
  const meter = createStoreMeter(store.usage, now);
  const llm = createLlmSummarizer({
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    model: 'fake-model',
    timeoutMs: 2_000,
    maxRetries: 0,
    meter,
  });
  return createSummarizer({ llm, log: { warn: () => undefined }, meter, ...extra });
}

const eventCount = async (kind: string): Promise<number> =>
  (await store.usage.since(utcDay(clock))).events.find((e) => e.kind === kind && e.day === utcDay(clock))?.count ?? 0;

describe('cost and failure control', () => {
  it('records calls and tokens per model and day in the store', async () => {
    await summarizer().summarize(article, opts);
    await summarizer().summarize(article, { ...opts, style: 'detailed' });
    const { usage } = await store.usage.since(utcDay(clock));
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ day: '2025-05-01', model: 'fake-model', calls: 2 });
    expect(usage[0]?.promptTokens).toBeGreaterThan(200);
    expect(await store.usage.tokensOn('2025-05-01')).toBe(
      (usage[0]?.promptTokens ?? 0) + (usage[0]?.completionTokens ?? 0),
    );
    expect(await eventCount('llm')).toBe(2);
  });

  it('stops calling the LLM once the daily token budget is spent, until the next UTC day', async () => {
    const spent = await store.usage.tokensOn(utcDay(clock));
    const s = summarizer({ dailyTokenBudget: spent });
    const summary = await s.summarize(article, opts);
    expect(summary.source).toBe('extractive');
    expect(server.requests).toHaveLength(0);
    expect(await eventCount('budget-fallback')).toBe(1);
    clock += 86_400_000;
    await expect(s.summarize(article, opts)).resolves.toMatchObject({ source: 'llm' });
    expect(server.requests).toHaveLength(1);
  });

  it('opens the circuit after repeated failures, skips the LLM while open, and tries again after the cooldown', async () => {
    const breaker = createCircuitBreaker({ failures: 3, cooldownMs: 60_000, now });
    const s = summarizer({ breaker });
    server.respondWith([reply.serverError(), reply.serverError(), reply.serverError()]);
    for (let i = 0; i < 3; i++)
      await expect(s.summarize(article, opts)).resolves.toMatchObject({ source: 'extractive' });
    expect(server.requests).toHaveLength(3);
    expect(breaker.state()).toBe('open');

    await expect(s.summarize(article, opts)).resolves.toMatchObject({ source: 'extractive' });
    expect(server.requests).toHaveLength(3);
    expect(await eventCount('circuit-open')).toBe(1);
    const waiting = await s.summarize(article, { ...opts, waitForLlm: true }).catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(LlmError);
    expect((waiting as LlmError).details.retryAfterSeconds).toBe(60);
    expect(await eventCount('llm-failure-fallback')).toBe(3);

    clock += 60_000;
    await expect(s.summarize(article, opts)).resolves.toMatchObject({ source: 'llm' });
    expect(server.requests).toHaveLength(4);
    expect(breaker.state()).toBe('closed');
  });

  it('shows usage and events in herald stats', async () => {
    const report = statsReport(
      loadConfig({ LLM_DAILY_TOKEN_BUDGET: '50000' }),
      clock,
      await store.usage.since('2025-04-01'),
    );
    expect(report.models).toEqual([expect.objectContaining({ model: 'fake-model', calls: 4 })]);
    expect(report.eventTotals).toMatchObject({ llm: 4, 'budget-fallback': 1, 'circuit-open': 1 });
    const text = formatStats(report);
    expect(text).toMatch(/^total\s+fake-model\s+4\s/m);
    expect(text).toMatch(/^budget-fallback\s+1$/m);
    expect(text).toContain('of 50,000 a day');
  });

  it('paces the summarize queue by LLM_MAX_REQUESTS_PER_MINUTE and LLM_CONCURRENCY when an LLM is set', () => {
    const pacing = { LLM_MAX_REQUESTS_PER_MINUTE: '20', LLM_CONCURRENCY: '2' };
    const config = loadConfig({ ...pacing, OPENAI_API_KEY: 'sk-test' });
    expect(summarizeWorker.options(config)).toEqual({ concurrency: 2, limiter: { max: 20, duration: 60_000 } });
    // Extractive summaries cost no LLM call: nothing to pace.
    expect(summarizeWorker.options(loadConfig(pacing))).toEqual({});
  });
});
