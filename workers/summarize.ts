import { z } from 'zod';
import { summarizeArticle } from '../src/pipeline/summarize.js';
import type { WorkerDef } from '../src/queue/worker-def.js';
import { LlmError } from '../src/summarize/llm-error.js';

export default {
  queue: 'summarize',
  schema: z.object({ articleId: z.number().int().positive() }),
  concurrency: 4,
  async process({ articleId }, { deps, queues, log, retryLater }) {
    try {
      const { channelIds } = await summarizeArticle(deps, articleId);
      if (channelIds.length > 0) await queues.enqueueDeliver(channelIds);
    } catch (err) {
      // The LLM is down or rate-limited and the story may still wait for it (LLM_FALLBACK_WAIT_SECONDS).
      if (!(err instanceof LlmError)) throw err;
      const waitMs = Math.max(15_000, (err.details.retryAfterSeconds ?? 0) * 1000);
      log.info({ articleId, kind: err.kind, waitMs }, 'waiting for the LLM');
      await retryLater(waitMs);
    }
  },
} satisfies WorkerDef<{ articleId: number }>;
