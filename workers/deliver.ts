import { z } from 'zod';
import { deliverChannel } from '../src/pipeline/deliver/deliver.js';
import type { WorkerDef } from '../src/queue/worker-def.js';

export default {
  queue: 'deliver',
  schema: z.object({ channelId: z.string().regex(/^\d{1,25}$/) }),
  concurrency: 16,
  async process({ channelId }, { deps, queues, log }) {
    const result = await deliverChannel(deps, channelId);
    // Only the summarize stage makes summaries (under the LLM's limits); its jobs hand the channel back when done.
    if (result.summarize && result.summarize.length > 0) await queues.enqueueSummarize(result.summarize);
    if (result.sent + result.failed + (result.skipped ?? 0) + (result.merged ?? 0) > 0)
      log.info({ channelId, ...result }, 'channel delivered');
  },
} satisfies WorkerDef<{ channelId: string }>;
