import { z } from 'zod';
import { SummaryPendingError } from '../src/pipeline/summarize/summaries.js';
import { summarizeArticle } from '../src/pipeline/summarize/summarize.js';
import type { WorkerDef } from '../src/queue/worker-def.js';
import { LlmError } from '../src/summarize/llm-error.js';

export default {
  queue: 'summarize',
  schema: z.object({ articleId: z.number().int().positive() }),
  concurrency: 4,
  // With an LLM, every summarize job may call it, so the queue's pace is the LLM's: LLM_CONCURRENCY at once per worker
  // process and LLM_MAX_REQUESTS_PER_MINUTE across all of them. Extractive summaries cost only CPU: no limiter.
  options: (config) =>
    config.OPENAI_API_KEY
      ? {
          concurrency: config.LLM_CONCURRENCY,
          limiter: { max: config.LLM_MAX_REQUESTS_PER_MINUTE, duration: 60_000 },
        }
      : {},
  async process({ articleId }, { deps, queues, log, retryLater }) {
    try {
      const { channelIds } = await summarizeArticle(deps, articleId);
      if (channelIds.length > 0) await queues.enqueueDeliver(channelIds);
    } catch (err) {
      if (err instanceof SummaryPendingError) {
        // Another worker holds this story's claim; its summary will be cached by the time this runs again.
        await retryLater(5_000);
        return;
      }
      // The LLM is down, rate-limited or its breaker open, and the story may still wait for it
      // (LLM_FALLBACK_WAIT_SECONDS); a 429's Retry-After sets the wait.
      if (!(err instanceof LlmError)) throw err;
      const waitMs = Math.max(deps.config.LLM_RETRY_SECONDS, err.details.retryAfterSeconds ?? 0) * 1000;
      log.info({ articleId, kind: err.kind, waitMs }, 'waiting for the LLM');
      await retryLater(waitMs);
    }
  },
} satisfies WorkerDef<{ articleId: number }>;
