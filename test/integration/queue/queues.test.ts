import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../../src/config.js';
import type { Deps } from '../../../src/deps.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { runWorkers } from '../../../src/queue/run-workers.js';
import { type JobContext, runnable } from '../../../src/queue/worker-def.js';
import { createSqliteStore } from '../../../src/store/sqlite.js';
import { createSummarizer } from '../../../src/summarize/summarizer.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');

describe('Herald queues on a real Redis', () => {
  let prefix: string;
  let producer: ReturnType<typeof createRedis>;
  let workerConnection: ReturnType<typeof createRedis>;
  let queues: Queues;
  let deps: Deps;
  let running: { close(): Promise<void> } | null;

  beforeEach(async () => {
    // One prefix per test, so parallel runs and a Herald on the same Redis never meet.
    prefix = `herald-test-${randomBytes(4).toString('hex')}`;
    producer = createRedis(REDIS_URL, 'producer', log);
    workerConnection = createRedis(REDIS_URL, 'worker', log);
    queues = createQueues(producer, prefix);
    deps = {
      config: loadConfig({}),
      log,
      store: createSqliteStore(':memory:'),
      summarizer: createSummarizer({ llm: null, log }),
      publisher: null,
      now: Date.now,
      metrics: createMetrics(),
    };
    running = null;
  });

  afterEach(async () => {
    await running?.close();
    await Promise.all(
      ['tick', 'poll', 'summarize', 'deliver'].map((q) => queues.queue(q as 'poll').obliterate({ force: true })),
    );
    await queues.close();
    producer.disconnect();
    workerConnection.disconnect();
    await deps.store.close();
  });

  const pendingJobs = async (q: Queue) =>
    Object.values(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).reduce((a, b) => a + b, 0);

  it('keeps one poll per feed in flight however often it is asked for', async () => {
    await queues.enqueuePolls([1, 2]);
    await queues.enqueuePolls([1]);
    await queues.enqueuePolls([2, 1]);
    const jobs = await queues.queue('poll').getJobs(['waiting']);
    expect(jobs.map((j) => j.data.feedId).sort()).toEqual([1, 2]);
  });

  it('runs one delivery per channel at a time, and one more for a request made while it runs', async () => {
    let active = 0;
    let maxActive = 0;
    const runs: string[] = [];
    let release!: () => void;
    const firstRunBlocked = new Promise<void>((r) => {
      release = r;
    });
    const def = runnable({
      queue: 'deliver',
      schema: z.object({ channelId: z.string() }),
      concurrency: 4,
      async process({ channelId }) {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(channelId);
        if (runs.length === 1) await firstRunBlocked;
        active--;
      },
    });
    running = runWorkers([def], { deps, queues, connection: workerConnection, prefix });
    await queues.enqueueDeliver(['42']);
    await waitFor('the first run to start', () => runs.length === 1);
    // Asked for three more times while the first run is active: kept once, run after it.
    await queues.enqueueDeliver(['42']);
    await queues.enqueueDeliver(['42']);
    await queues.enqueueDeliver(['42']);
    release();
    await waitFor('the second run', () => runs.length === 2);
    await waitFor('the queue to drain', async () => {
      return (await pendingJobs(queues.queue('deliver'))) === 0;
    });
    expect(runs).toEqual(['42', '42']);
    expect(maxActive).toBe(1);
  });

  it('fails invalid job data at once, without retries', async () => {
    const seen: unknown[] = [];
    const def = runnable({
      queue: 'summarize',
      schema: z.object({ articleId: z.number().int().positive() }),
      concurrency: 1,
      async process(data) {
        seen.push(data);
      },
    });
    running = runWorkers([def], { deps, queues, connection: workerConnection, prefix });
    const job = await queues.queue('summarize').add(
      'summarize',
      { articleId: 'not-a-number' },
      {
        // A retry would wait a minute in the delayed state; only a failure that skips retries reaches "failed" now.
        attempts: 5,
        backoff: { type: 'fixed', delay: 60_000 },
      },
    );
    await waitFor('the job to fail', async () => (await queues.queue('summarize').getJobState(job.id!)) === 'failed');
    // Read the job after it failed: a Job object is a snapshot of the moment it was fetched.
    const failed = (await queues.queue('summarize').getJob(job.id!))!;
    expect(seen).toEqual([]);
    expect(failed.failedReason).toMatch(/invalid job data/);
  });

  it('puts a job back for later without spending an attempt', async () => {
    // Ten postponements: more than the queue's eight attempts, so counting them as attempts would fail the job.
    let runs = 0;
    const def = runnable({
      queue: 'summarize',
      schema: z.object({ articleId: z.number() }),
      concurrency: 1,
      async process(_data, ctx: JobContext) {
        runs++;
        if (runs <= 10) await ctx.retryLater(10);
      },
    });
    running = runWorkers([def], { deps, queues, connection: workerConnection, prefix });
    await queues.enqueueSummarize([7]);
    await waitFor('eleven runs and an empty queue', async () => {
      return runs === 11 && (await pendingJobs(queues.queue('summarize'))) === 0;
    });
    expect(await queues.queue('summarize').getFailedCount()).toBe(0);
  });

  it('installs the tick scheduler once, whatever the number of processes starting', async () => {
    await Promise.all([queues.scheduleTick(1000), queues.scheduleTick(1000), queues.scheduleTick(1000)]);
    const schedulers = await queues.queue('tick').getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]!.every).toBe(1000);
  });
});
