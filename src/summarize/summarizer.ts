import type { Summary, SummaryStyle } from '../domain.js';
import type { Metrics } from '../metrics.js';
import { articleLanguage, canonicalTag, chineseScriptOf, primaryLanguage, toScript } from '../text/language.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { type ArticleInput, extractiveSummary } from './extractive.js';
import type { LlmSummarizer } from './llm.js';
import { LlmError, type LlmErrorKind } from './llm-error.js';
import { NO_METER, type SummaryMeter } from './meter.js';

export type { ArticleInput } from './extractive.js';

/** How to summarize. */
export interface SummarizeOptions {
  /** BCP 47 tag of the output (`zh-TW`, `en-US`…), or `source` for the article's own language. */
  language: string;
  style: SummaryStyle;
  /**
   * When true, a transient LLM failure (`rate-limited`, `unavailable`) is thrown as an {@link LlmError} instead of
   * falling back, so the caller can retry later (the summarize job does so until `LLM_FALLBACK_WAIT_SECONDS`).
   * Other failures always fall back. Default false.
   */
  waitForLlm?: boolean;
}

/** Turns an article into a {@link Summary}: by the LLM when one is configured and answers, else extractively. */
export interface Summarizer {
  summarize(article: ArticleInput, opts: SummarizeOptions): Promise<Summary>;
  /**
   * What a summary depends on besides the story, language and style: the model, prompt version and topic list
   * (`gpt-4o-mini/p3/t1a2b3c4d`), or `extractive/e1`. Part of the summary cache key, so a new model, prompt or topic
   * list writes new summaries.
   */
  readonly variant: string;
}

/** Version of the extractive summarizer's output, in the cache key of extractive-only deployments. */
export const EXTRACTIVE_VERSION = 'e1';

/** What {@link createSummarizer} is built from. */
export interface SummarizerDeps {
  llm: LlmSummarizer | null;
  log: SummarizerLog;
  /** Where usage and events are counted (nothing by default). */
  meter?: SummaryMeter;
  /** Counts summaries by source and fallback reason for `/metrics` (nothing by default). */
  metrics?: Pick<Metrics, 'summaries'>;
  /** Tokens per UTC day after which the LLM is not called (0 or absent: no limit). */
  dailyTokenBudget?: number;
  /** Skips the LLM while it keeps failing (none by default). */
  breaker?: CircuitBreaker;
}

/** Failures that say the endpoint, not this article, is the problem: they count towards opening the breaker. */
const ENDPOINT_FAILURES = new Set(['unavailable', 'rate-limited', 'auth']);

/**
 * The `reason` label of an extractive summary that stood in for a failed LLM call. A transient failure falls back
 * only once the story has waited LLM_FALLBACK_WAIT_SECONDS (or at once for a caller that does not wait).
 */
const FALLBACK_REASONS: Record<LlmErrorKind, string> = {
  'invalid-output': 'invalid',
  unfaithful: 'unfaithful',
  refused: 'refused',
  'rate-limited': 'waited_too_long',
  unavailable: 'waited_too_long',
  auth: 'auth',
  'bad-request': 'bad_request',
};

/** The logging the summarizer needs (a pino logger fits). */
export interface SummarizerLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * The extractive summary in the requested language where that is possible without translating: a Chinese article
 * is converted to the requested script (Traditional/Simplified) and labelled with the requested tag; an article in
 * another language than the one requested keeps its own language and tag, since extraction cannot translate.
 */
function extractiveIn(article: ArticleInput, target: string, style: SummaryStyle): Summary {
  const summary = extractiveSummary(article, style);
  if (primaryLanguage(summary.language) !== primaryLanguage(target)) return summary;
  const script = chineseScriptOf(target);
  if (!script) return { ...summary, language: target };
  const fix = (s: string): string => toScript(s, script);
  return {
    ...summary,
    headline: fix(summary.headline),
    summary: fix(summary.summary),
    keyPoints: summary.keyPoints.map(fix),
    language: target,
  };
}

/**
 * A {@link Summarizer}: the LLM first when there is one, the extractive summary when there is none, when the daily
 * token budget is spent, while the circuit breaker is open, or when the LLM fails. With `waitForLlm`, an outage
 * (transient failure or open breaker) is thrown as an {@link LlmError} instead, so the job can wait for the LLM.
 */
export function createSummarizer(deps: SummarizerDeps): Summarizer {
  const meter = deps.meter ?? NO_METER;
  const { llm, breaker } = deps;
  const extractive = async (
    article: ArticleInput,
    target: string,
    style: SummaryStyle,
    reason: string,
  ): Promise<Summary> => {
    await meter.event('extractive');
    deps.metrics?.summaries.inc({ source: 'extractive', reason });
    return extractiveIn(article, target, style);
  };
  return {
    variant: llm ? llm.variant : `extractive/${EXTRACTIVE_VERSION}`,
    async summarize(article, opts) {
      const target =
        opts.language === 'source'
          ? articleLanguage(`${article.title}\n${article.text}`, article.language)
          : (canonicalTag(opts.language) ?? opts.language);
      if (!llm) return extractive(article, target, opts.style, 'no_llm');
      if (deps.dailyTokenBudget && (await meter.tokensToday()) >= deps.dailyTokenBudget) {
        await meter.event('budget-fallback');
        return extractive(article, target, opts.style, 'budget');
      }
      if (breaker && !breaker.allow()) {
        if (opts.waitForLlm) {
          const retryAfterSeconds = Math.ceil(breaker.remainingMs() / 1000);
          throw new LlmError('unavailable', 'LLM circuit breaker is open', { retryAfterSeconds });
        }
        await meter.event('circuit-open');
        return extractive(article, target, opts.style, 'circuit_open');
      }
      try {
        const summary = await llm.summarize(article, { language: target, style: opts.style });
        breaker?.success();
        await meter.event('llm');
        deps.metrics?.summaries.inc({ source: 'llm' });
        return summary;
      } catch (error) {
        if (!(error instanceof LlmError)) throw error;
        if (ENDPOINT_FAILURES.has(error.kind)) breaker?.failure();
        else breaker?.success();
        const fields = { kind: error.kind, model: llm.model, ...error.details, reason: error.message };
        if (opts.waitForLlm && error.transient) {
          deps.log.warn(fields, 'LLM summary failed; will retry');
          throw error;
        }
        deps.log.warn(fields, 'LLM summary failed; using the extractive summary');
        if (error.kind !== 'unfaithful') await meter.event('llm-failure-fallback');
        return extractive(article, target, opts.style, FALLBACK_REASONS[error.kind]);
      }
    },
  };
}
