/**
 * Events counted per day and shown by `herald stats`:
 * - `llm`: a summary written by the LLM; `extractive`: an extractive summary (no LLM configured, or a fallback);
 * - `unfaithful-retry`: a reply stated a number or date not in the article and was asked for again, stricter;
 * - `unfaithful-fallback`: the stricter reply did too, so the extractive summary replaced it;
 * - `llm-failure-fallback`: the LLM failed (invalid output, refusal, outage past the wait) and extraction stood in;
 * - `budget-fallback`: the daily token budget was spent, so the LLM was not called;
 * - `circuit-open`: the circuit breaker was open, so the LLM was not called.
 */
export type SummaryEventKind =
  | 'llm'
  | 'extractive'
  | 'unfaithful-retry'
  | 'unfaithful-fallback'
  | 'llm-failure-fallback'
  | 'budget-fallback'
  | 'circuit-open';

/** Tokens one completion consumed, as the server reported them. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Where the summarizer records what it spends and what happened; the store-backed one is shared by all processes. */
export interface SummaryMeter {
  /** One LLM request answered (whatever the answer), with the tokens it used. */
  usage(model: string, usage: TokenUsage): Promise<void>;
  event(kind: SummaryEventKind): Promise<void>;
  /** Prompt + completion tokens used today (UTC) by every process, for the daily budget. */
  tokensToday(): Promise<number>;
}

/** A meter that records nothing (tests and `herald preview`). */
export const NO_METER: SummaryMeter = {
  usage: async () => undefined,
  event: async () => undefined,
  tokensToday: async () => 0,
};
