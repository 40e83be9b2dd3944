import type { Deps } from '../deps.js';
import type { SummaryStyle } from '../domain.js';
import type { ArticleRow, SummaryRow } from '../store/store.js';
import { storyKey } from './story-key.js';

/** The stored summary of the article's story in that language and style, made (once) if missing. */
export async function ensureSummary(
  deps: Pick<Deps, 'store' | 'summarizer' | 'now'>,
  article: ArticleRow,
  language: string,
  style: SummaryStyle,
  /** True while the story may still wait for an unavailable LLM (transient LLM errors are thrown, not replaced). */
  waitForLlm = false,
): Promise<SummaryRow> {
  const key = article.storyKey ?? storyKey(article);
  const cached = await deps.store.getSummary(key, language, style);
  if (cached) return cached;
  const summary = await deps.summarizer.summarize(
    { title: article.title, text: article.contentText, language: null },
    { language, style, waitForLlm },
  );
  return deps.store.putSummary(key, language, style, summary, deps.now());
}
