import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from '../deps.js';
import type { Queues } from './queues.js';
import { InvalidJobData, type RunnableWorker } from './worker-def.js';

/**
 * Starts one BullMQ worker per definition. `close(graceMs)` stops taking jobs at once and waits for the active ones
 * to finish, for at most `graceMs` when given; past that it returns anyway, and the jobs still running are handed
 * back by the stalled-job check once their lock expires (`JOB_LOCK_SECONDS`) — every stage is idempotent, so running
 * one again posts nothing twice.
 */
export function runWorkers(
  defs: readonly RunnableWorker[],
  { deps, queues, connection, prefix }: { deps: Deps; queues: Queues; connection: Redis; prefix: string },
): { close(graceMs?: number): Promise<void> } {
  const active = new Set<string>();
  const workers = defs.map((def) => {
    const worker = new Worker(
      def.queue,
      async (job, token) => {
        const log = deps.log.child({ queue: def.queue, jobId: job.id });
        const retryLater = async (ms: number): Promise<never> => {
          await job.moveToDelayed(Date.now() + ms, token);
          throw new DelayedError();
        };
        const key = `${def.queue}/${job.id}`;
        active.add(key);
        try {
          await def.handle(job.data, { deps, queues, log, retryLater });
        } catch (err) {
          if (err instanceof InvalidJobData) throw new UnrecoverableError(err.message);
          throw err;
        } finally {
          active.delete(key);
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
      deps.metrics.jobFailures.inc({ queue: def.queue });
      deps.log.warn({ queue: def.queue, jobId: job?.id, attempt: job?.attemptsMade, err }, 'job failed');
    });
    worker.on('error', (err) => deps.log.error({ queue: def.queue, err }, 'worker error'));
    return worker;
  });
  return {
    async close(graceMs) {
      if (active.size > 0) deps.log.info({ jobs: [...active], graceMs }, 'waiting for active jobs to finish');
      // close() stops fetching at once, then waits for the active jobs (BullMQ's close(true) would not wait at all,
      // and once close() runs, close(true) only returns the same promise): the deadline is ours.
      const closed = Promise.all(workers.map((w) => w.close())).then(() => true);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        if (graceMs !== undefined) timer = setTimeout(() => resolve(false), graceMs);
      });
      const drained = await Promise.race([closed, deadline]);
      clearTimeout(timer);
      if (!drained) {
        deps.log.warn({ jobs: [...active], graceMs }, 'shutdown grace expired; unfinished jobs will be retried');
      }
    },
  };
}
