import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import summarizeWorker from '../../../workers/summarize.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');

describe('the summarize queue limiter on a real Redis', () => {
  let prefix: string;
  let producer: ReturnType<typeof createRedis>;
  let workerConnection: ReturnType<typeof createRedis>;
  let queues: Queues;
  let deps: Deps;
  let running: { close(): Promise<void> } | null = null;

  beforeEach(async () => {
    prefix = `herald-test-${randomBytes(4).toString('hex')}`;
    producer = createRedis(REDIS_URL, 'producer', log);
    workerConnection = createRedis(REDIS_URL, 'worker', log);
    queues = createQueues(producer, prefix);
    deps = {
      config: loadConfig({ OPENAI_API_KEY: 'sk-test', LLM_MAX_REQUESTS_PER_MINUTE: '2', LLM_CONCURRENCY: '1' }),
      log,
      store: createSqliteStore(':memory:'),
      summarizer: createSummarizer({ llm: null, log }),
      publisher: null,
      now: Date.now,
      metrics: createMetrics(),
    };
  });
  afterEach(async () => {
    await running?.close();
    await queues.queue('summarize').obliterate({ force: true });
    await queues.close();
    producer.disconnect();
    workerConnection.disconnect();
    await deps.store.close();
  });

  it('starts at most LLM_MAX_REQUESTS_PER_MINUTE summarize jobs a minute', async () => {
    const started: number[] = [];
    // The real worker's options, with a processor that only records which article it was given.
    const def = runnable({
      ...summarizeWorker,
      async process({ articleId }) {
        started.push(articleId);
      },
    });
    running = runWorkers([def], { deps, queues, connection: workerConnection, prefix });
    await queues.enqueueSummarize([1, 2, 3, 4, 5]);
    await waitFor('two jobs to run', async () => (started.length >= 2 ? true : undefined));
    // The third job may only start a minute after the first: whatever the wait here, it has not.
    const counts = await queues.queue('summarize').getJobCounts('completed', 'waiting', 'delayed', 'active');
    expect(started).toEqual([1, 2]);
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0)).toBe(3);
    // BullMQ holds the queue's rate-limit window in Redis: about a minute left, shared by every worker process.
    expect(await queues.queue('summarize').getRateLimitTtl(2)).toBeGreaterThan(30_000);
  });
});
