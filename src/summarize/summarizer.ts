import type { Summary, SummaryStyle } from '../domain.js';
import { type ArticleInput, extractiveSummary } from './extractive.js';
import { articleLanguage, canonicalTag, chineseScriptOf, primaryLanguage, toScript } from './language.js';
import type { LlmSummarizer } from './llm.js';
import { LlmError } from './llm-error.js';

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
}

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

/** A {@link Summarizer}: the LLM first when there is one, the extractive summary when there is none or it fails. */
export function createSummarizer(deps: { llm: LlmSummarizer | null; log: SummarizerLog }): Summarizer {
  return {
    async summarize(article, opts) {
      const target =
        opts.language === 'source'
          ? articleLanguage(`${article.title}\n${article.text}`, article.language)
          : (canonicalTag(opts.language) ?? opts.language);
      if (!deps.llm) return extractiveIn(article, target, opts.style);
      try {
        return await deps.llm.summarize(article, { language: target, style: opts.style });
      } catch (error) {
        if (!(error instanceof LlmError)) throw error;
        const fields = { kind: error.kind, model: deps.llm.model, ...error.details, reason: error.message };
        if (opts.waitForLlm && error.transient) {
          deps.log.warn(fields, 'LLM summary failed; will retry');
          throw error;
        }
        deps.log.warn(fields, 'LLM summary failed; using the extractive summary');
        return extractiveIn(article, target, opts.style);
      }
    },
  };
}
