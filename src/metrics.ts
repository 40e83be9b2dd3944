import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Herald's Prometheus metrics, one registry per process. Domain code increments the counters; queue gauges are read
 * from Redis when `/metrics` is scraped.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_' });
  const r = { registers: [registry] };
  return {
    registry,
    polls: new Counter({ name: 'herald_polls_total', help: 'Feed polls by outcome', labelNames: ['outcome'], ...r }),
    feedFailures: new Counter({
      name: 'herald_feed_failures_total',
      help: 'Failed feed polls by kind of failure',
      labelNames: ['kind'],
      ...r,
    }),
    itemsDiscovered: new Counter({ name: 'herald_items_discovered_total', help: 'New feed items stored', ...r }),
    deliveries: new Counter({
      name: 'herald_deliveries_total',
      help: 'Delivery attempts by outcome',
      labelNames: ['outcome'],
      ...r,
    }),
    queueDepth: new Gauge({
      name: 'herald_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      ...r,
    }),
    queueAge: new Gauge({
      name: 'herald_queue_oldest_waiting_seconds',
      help: 'Age of the oldest waiting job per queue',
      labelNames: ['queue'],
      ...r,
    }),
    searchLatency: new Histogram({
      name: 'herald_search_seconds',
      help: 'Archive search latency',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      ...r,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
