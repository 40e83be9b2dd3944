import { z } from 'zod';
import type { WorkerDef } from '../src/queue/worker-def.js';

/** How long a claimed feed is held before a tick may hand it out again (a poll that never ran, say). */
const LEASE_MS = 10 * 60_000;

export default {
  queue: 'tick',
  schema: z.unknown(),
  concurrency: 1,
  async process(_data, { deps, queues, log }) {
    const now = deps.now();
    const due = await deps.store.claimDueFeeds(now, now + LEASE_MS, 5_000);
    if (due.length > 0) {
      await queues.enqueuePolls(due.map((f) => f.id));
      log.debug({ feeds: due.length }, 'polls enqueued');
    }
  },
} satisfies WorkerDef<unknown>;
