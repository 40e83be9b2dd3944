import type { Metrics } from '../metrics.js';
import { QUEUE_NAMES, type Queues } from './queues.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/** Reads every queue's job counts and the age of its oldest waiting job into the gauges (run at scrape time). */
export async function refreshQueueMetrics(queues: Queues, metrics: Metrics, now = Date.now()): Promise<void> {
  await Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const queue = queues.queue(name);
      const counts = await queue.getJobCounts(...STATES);
      for (const state of STATES) metrics.queueDepth.set({ queue: name, state }, counts[state] ?? 0);
      const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
      metrics.queueAge.set({ queue: name }, oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0);
    }),
  );
}
