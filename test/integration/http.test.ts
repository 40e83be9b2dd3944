import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHttp } from '../../src/app/http.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { refreshQueueMetrics } from '../../src/queue/queue-metrics.js';
import { createQueues } from '../../src/queue/queues.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the process HTTP endpoint', () => {
  it('answers liveness, readiness per dependency, and Prometheus metrics with queue depths', async () => {
    const redis = createRedis(REDIS_URL, 'producer', createLogger('silent'));
    const queues = createQueues(redis, `herald-test-${randomBytes(4).toString('hex')}`);
    const metrics = createMetrics();
    let databaseUp = true;
    const server = await startHttp(0, 'worker', {
      checks: [
        ['redis', () => redis.ping()],
        ['database', async () => (databaseUp ? undefined : Promise.reject(new Error('connection refused')))],
      ],
      registry: metrics.registry,
      beforeScrape: () => refreshQueueMetrics(queues, metrics),
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', role: 'worker' });

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      databaseUp = false;
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not ready',
        role: 'worker',
        checks: { redis: 'ok', database: 'connection refused' },
      });

      await queues.enqueuePolls([1, 2, 3]);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('herald_queue_jobs{queue="poll",state="waiting"} 3');
      expect(text).toContain('herald_queue_jobs{queue="deliver",state="waiting"} 0');
      expect(text).toMatch(/herald_queue_oldest_waiting_seconds\{queue="poll"\} \d/);
      expect(text).toContain('herald_process_resident_memory_bytes');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      server.close();
      await Promise.all(['poll'].map((q) => queues.queue(q as 'poll').obliterate({ force: true })));
      await queues.close();
      redis.disconnect();
    }
  });
});
