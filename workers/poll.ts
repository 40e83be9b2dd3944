import { z } from 'zod';
import { pollFeed } from '../src/pipeline/poll/poll.js';
import type { WorkerDef } from '../src/queue/worker-def.js';

export default {
  queue: 'poll',
  schema: z.object({ feedId: z.number().int().positive() }),
  concurrency: 8,
  async process({ feedId }, { deps, queues, retryLater }) {
    const outcome = await pollFeed(deps, feedId);
    // Its host is busy: the same job runs again shortly, without counting as an attempt or a feed failure.
    if (outcome.status === 'deferred') await retryLater(outcome.retryInMs);
    if (outcome.status === 'polled' && outcome.newArticleIds.length > 0) {
      await queues.enqueueSummarize(outcome.newArticleIds);
    }
  },
} satisfies WorkerDef<{ feedId: number }>;
