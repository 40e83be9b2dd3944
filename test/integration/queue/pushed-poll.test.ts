import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../../src/config.js';
import type { Deps } from '../../../src/deps.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { runWorkers } from '../../../src/queue/run-workers.js';
import { runnable } from '../../../src/queue/worker-def.js';
import { createSqliteStore } from '../../../src/store/sqlite.js';
import { createSummarizer } from '../../../src/summarize/summarizer.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');

describe('polls a WebSub notification asks for, on a real Redis', () => {
  const prefix = `herald-pushed-${randomBytes(4).toString('hex')}`;
  let producer: ReturnType<typeof createRedis>;
  let workerConnection: ReturnType<typeof createRedis>;
  let queues: Queues;
  let deps: Deps;

  beforeAll(() => {
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
  });
  afterAll(async () => {
    await queues.queue('poll').obliterate({ force: true });
    await queues.close();
    producer.disconnect();
    workerConnection.disconnect();
    await deps.store.close();
  });

  it('joins a waiting poll, and runs once more after a poll that was already running', async () => {
    const runs: number[] = [];
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const firstRunBlocked = new Promise<void>((r) => {
      release = r;
    });
    const def = runnable({
      queue: 'poll',
      schema: z.object({ feedId: z.number() }),
      concurrency: 4,
      async process({ feedId }) {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(feedId);
        if (runs.length === 1) await firstRunBlocked;
        active--;
      },
    });
    // Waiting: a notification joins the tick's poll.
    await queues.enqueuePolls([7]);
    await queues.enqueuePushedPoll(7);
    expect((await queues.queue('poll').getJobs(['waiting'])).map((j) => j.data)).toEqual([{ feedId: 7 }]);

    const running = runWorkers([def], { deps, queues, connection: workerConnection, prefix });
    try {
      await waitFor('the first poll to start', () => runs.length === 1);
      // Notifications while that poll runs (it may have fetched the feed before the update): one more poll after it,
      // and a tick's request meanwhile joins that one.
      await queues.enqueuePushedPoll(7);
      await queues.enqueuePushedPoll(7);
      await queues.enqueuePolls([7]);
      release();
      await waitFor('the second poll', () => runs.length === 2);
      await waitFor('the queue to drain', async () => {
        const counts = await queues.queue('poll').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      });
      expect(runs).toEqual([7, 7]);
      expect(maxActive).toBe(1);
    } finally {
      await running.close();
    }
  });
});
