import { z } from 'zod';
import { deliverChannel } from '../src/pipeline/deliver.js';
import type { WorkerDef } from '../src/queue/worker-def.js';

export default {
  queue: 'deliver',
  schema: z.object({ channelId: z.string().regex(/^\d{1,25}$/) }),
  concurrency: 16,
  async process({ channelId }, { deps, log }) {
    const result = await deliverChannel(deps, channelId);
    if (result.sent + result.failed + (result.skipped ?? 0) > 0)
      log.info({ channelId, ...result }, 'channel delivered');
  },
} satisfies WorkerDef<{ channelId: string }>;
