import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from '../deps.js';
import type { Queues } from './queues.js';
import { InvalidJobData, type RunnableWorker } from './worker-def.js';

/** Starts one BullMQ worker per definition; `close()` lets active jobs finish (or hands them back) and stops. */
export function runWorkers(
  defs: readonly RunnableWorker[],
  { deps, queues, connection, prefix }: { deps: Deps; queues: Queues; connection: Redis; prefix: string },
): { close(): Promise<void> } {
  const workers = defs.map((def) => {
    const worker = new Worker(
      def.queue,
      async (job, token) => {
        const log = deps.log.child({ queue: def.queue, jobId: job.id });
        const retryLater = async (ms: number): Promise<never> => {
          await job.moveToDelayed(Date.now() + ms, token);
          throw new DelayedError();
        };
        try {
          await def.handle(job.data, { deps, queues, log, retryLater });
        } catch (err) {
          if (err instanceof InvalidJobData) throw new UnrecoverableError(err.message);
          throw err;
        }
      },
      {
        connection,
        prefix,
        concurrency: def.concurrency,
        ...def.options?.(deps.config),
        // A worker that dies (SIGKILL, power loss) holds its jobs until the lock expires; then the stalled check
        // hands them to another worker. Jobs are idempotent, so running one again is safe.
        lockDuration: deps.config.JOB_LOCK_SECONDS * 1000,
        stalledInterval: deps.config.JOB_LOCK_SECONDS * 1000,
        maxStalledCount: 5,
      },
    );
    worker.on('failed', (job, err) => {
      deps.log.warn({ queue: def.queue, jobId: job?.id, attempt: job?.attemptsMade, err }, 'job failed');
    });
    worker.on('error', (err) => deps.log.error({ queue: def.queue, err }, 'worker error'));
    return worker;
  });
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
