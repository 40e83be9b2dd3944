import { z } from 'zod';
import { runMaintenance } from '../src/pipeline/maintenance/retention.js';
import type { WorkerDef } from '../src/queue/worker-def.js';

/** Daily: prunes articles past ARTICLE_RETENTION_DAYS in small batches and catches the search index up. */
export default {
  queue: 'maintenance',
  schema: z.unknown(),
  concurrency: 1,
  async process(_data, { deps, log }) {
    await runMaintenance({ ...deps, log });
  },
} satisfies WorkerDef<unknown>;
