import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { Store, UsageRepository } from '../../store/store.js';
import { createCircuitBreaker } from '../../summarize/circuit-breaker.js';
import { createLlmSummarizer } from '../../summarize/llm.js';
import type { SummaryMeter } from '../../summarize/meter.js';
import { createSummarizer, type Summarizer } from '../../summarize/summarizer.js';

/** The UTC day of an epoch-milliseconds time, as `YYYY-MM-DD` (the key of usage rows). */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A {@link SummaryMeter} writing to the database, so every worker's usage adds up in one place. */
export function createStoreMeter(
  usage: Pick<UsageRepository, 'recordLlmCall' | 'countEvent' | 'tokensOn'>,
  now: () => number,
): SummaryMeter {
  return {
    usage: (model, tokens) => usage.recordLlmCall(utcDay(now()), model, tokens),
    event: (kind) => usage.countEvent(utcDay(now()), kind),
    tokensToday: () => usage.tokensOn(utcDay(now())),
  };
}

/**
 * The summarizer the configuration asks for: the LLM (when OPENAI_API_KEY is set) behind the daily token budget and a
 * circuit breaker, the extractive summarizer otherwise, both counting into the store and `metrics`.
 */
export function buildSummarizer(
  config: Config,
  deps: { store: Store; log: Logger; now: () => number; metrics: Metrics },
): Summarizer {
  const meter = createStoreMeter(deps.store.usage, deps.now);
  const llm = config.OPENAI_API_KEY
    ? createLlmSummarizer({
        baseURL: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_MODEL,
        tokenBudget: config.LLM_INPUT_TOKEN_BUDGET,
        topics: config.LLM_TOPICS,
        meter,
        metrics: deps.metrics,
      })
    : null;
  return createSummarizer({
    llm,
    log: deps.log,
    meter,
    metrics: deps.metrics,
    dailyTokenBudget: config.LLM_DAILY_TOKEN_BUDGET,
    breaker: createCircuitBreaker({
      failures: config.LLM_BREAKER_FAILURES,
      cooldownMs: config.LLM_BREAKER_COOLDOWN_SECONDS * 1000,
      openGauge: deps.metrics.llmCircuitOpen,
    }),
  });
}
