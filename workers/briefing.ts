import { z } from 'zod';
import { BRIEFING_GRACE_MS, type BriefingJob, postBriefing } from '../src/pipeline/briefings/briefings.js';
import type { WorkerDef } from '../src/queue/worker-def.js';

/** Discord could not take a briefing now: its job is tried again after this long, up to the queue's attempts. */
const RETRY_MS = 60_000;

export default {
  queue: 'briefing',
  schema: z.object({
    briefingId: z.number().int().positive(),
    periodKey: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    at: z.number().int(),
  }),
  concurrency: 2,
  async process(job, { deps, log, retryLater }) {
    const result = await postBriefing(deps, job);
    // Past the grace period a briefing is stale: it is dropped rather than posted hours late.
    if (result.status === 'retry-later' && deps.now() - job.at <= BRIEFING_GRACE_MS) {
      log.warn({ ...job, detail: result.detail }, 'briefing deferred');
      await retryLater(RETRY_MS);
    }
    log.info({ ...job, status: result.status }, 'briefing processed');
  },
} satisfies WorkerDef<BriefingJob>;
