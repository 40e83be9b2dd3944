import { z } from 'zod';
import type { WorkerDef } from '../src/queue/worker-def.js';

export default {
  queue: 'tick',
  schema: z.unknown(),
  concurrency: 1,
  async process(_data, { deps, queues, log }) {
    const now = deps.now();
    // A claimed feed is due again after the shortest poll interval if its poll never finishes (a crash, a database
    // error): the poll job's deduplication id keeps that from ever running two polls of one feed at once.
    const lease = deps.config.FEED_POLL_MIN_INTERVAL_SECONDS * 1000;
    const due = await deps.store.claimDueFeeds(now, now + lease, 5_000);
    if (due.length > 0) {
      await queues.enqueuePolls(due.map((f) => f.id));
      log.debug({ feeds: due.length }, 'polls enqueued');
    }
  },
} satisfies WorkerDef<unknown>;
