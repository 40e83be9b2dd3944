import { z } from 'zod';
import { runInThread, threadEntry } from '../threads/run-in-thread.js';
import { PAGE_LIMITS, type PageLimits, type PageRefusal } from './page-limits.js';
import type { PageArticle } from './readable.js';

/** What extracting a page's article gave: the article (null when the page has none), or why it was not read. */
export type ArticleExtraction =
  | { ok: true; article: PageArticle | null }
  /** `limit`: the limit exceeded, in its unit (levels, elements, text weight, milliseconds, MB of heap). */
  | { ok: false; reason: PageRefusal; limit: number };

/** Options for {@link extractArticleOffThread}; tests narrow the limits, Herald uses {@link PAGE_LIMITS}. */
export interface ExtractOptions {
  limits?: PageLimits;
  /** Called with the extraction thread's id once it is started. */
  onThread?: (threadId: number) => void;
}

const answer = z.union([
  z.object({
    ok: z.literal(true),
    article: z.object({ title: z.string(), text: z.string() }).nullable(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['too-deep', 'too-many-nodes', 'too-much-text']),
    limit: z.number(),
  }),
]);

/**
 * Extracts the article of an untrusted page (Readability over linkedom, then `articleText`) in a worker thread:
 * Readability's cost grows with nesting depth times size, a page nested 2,000 deep takes it minutes, and it is
 * synchronous, so on the calling thread one page could stall a bot's gateway heartbeats or a worker's job locks. The
 * thread first scans the raw HTML and refuses a page over the depth, element or text limits before building a DOM;
 * past `limits.timeoutMs` it is terminated, and its heap is capped at `limits.heapMb`.
 * @throws Error when the thread fails for another reason than the page (it cannot load its module, say)
 */
export async function extractArticleOffThread(html: string, opts: ExtractOptions = {}): Promise<ArticleExtraction> {
  const limits = opts.limits ?? PAGE_LIMITS;
  const outcome = await runInThread({
    entry: threadEntry('./extract-worker', import.meta.url),
    workerData: { html, limits },
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
    timeoutMs: limits.timeoutMs,
    ...(opts.onThread ? { onThread: opts.onThread } : {}),
  });
  switch (outcome.kind) {
    case 'timeout':
      return { ok: false, reason: 'timeout', limit: limits.timeoutMs };
    case 'error':
      if (outcome.error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return { ok: false, reason: 'out-of-memory', limit: limits.heapMb };
      }
      throw new Error('the article extraction thread failed', { cause: outcome.error });
    case 'exit':
      throw new Error(`the article extraction thread stopped without answering (exit code ${outcome.code})`);
  }
  const parsed = answer.safeParse(outcome.message);
  if (!parsed.success) throw new Error('the article extraction thread gave an unreadable answer');
  return parsed.data;
}
