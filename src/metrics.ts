import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Herald's Prometheus metrics, one registry per process (built by `buildDeps`, served on `/metrics`). Domain code
 * increments them where each event is decided; queue gauges are read from Redis when `/metrics` is scraped. The
 * README's "Operations" section lists every metric and its labels.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_' });
  const r = { registers: [registry] };
  return {
    registry,
    /** `outcome`: new_items, no_new_items, unchanged (304 or same body), failed, skipped (feed disabled or gone). */
    polls: new Counter({ name: 'herald_polls_total', help: 'Feed polls by outcome', labelNames: ['outcome'], ...r }),
    /** `kind`: a `FeedErrorKind` (network, timeout, http, blocked, too-large, refused, not-a-feed, parse). */
    feedFailures: new Counter({
      name: 'herald_feed_failures_total',
      help: 'Failed feed polls by kind of failure',
      labelNames: ['kind'],
      ...r,
    }),
    itemsDiscovered: new Counter({
      name: 'herald_items_discovered_total',
      help: 'New stories found by polls (stored to be summarized and posted)',
      ...r,
    }),
    /** `outcome`: ok, invalid_json, unsafe, unfaithful, refused, rate_limited, timeout, error. */
    llmRequests: new Counter({
      name: 'herald_llm_requests_total',
      help: 'LLM requests by model and outcome',
      labelNames: ['model', 'outcome'],
      ...r,
    }),
    llmTokens: new Counter({
      name: 'herald_llm_tokens_total',
      help: 'LLM tokens used, by model and kind (prompt, completion)',
      labelNames: ['model', 'kind'],
      ...r,
    }),
    llmSeconds: new Histogram({
      name: 'herald_llm_request_seconds',
      help: 'LLM request latency, answered or failed',
      buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
      ...r,
    }),
    /** `source`: llm or extractive; `reason` (extractive only): why the LLM did not write it. */
    summaries: new Counter({
      name: 'herald_summaries_total',
      help: 'Summaries written, by source and, for extractive ones, the reason',
      labelNames: ['source', 'reason'],
      ...r,
    }),
    llmCircuitOpen: new Gauge({
      name: 'herald_llm_circuit_open',
      help: '1 while the LLM circuit breaker is open (no calls, or one trial call), else 0',
      ...r,
    }),
    /** `outcome`: posted, roundup, skipped, no_access, rejected, retried. */
    deliveries: new Counter({
      name: 'herald_deliveries_total',
      help: 'Deliveries (article, channel) by outcome',
      labelNames: ['outcome'],
      ...r,
    }),
    /** `scope`: global or route. */
    discordRateLimited: new Counter({
      name: 'herald_discord_rate_limited_total',
      help: 'Discord 429 answers by scope',
      labelNames: ['scope'],
      ...r,
    }),
    /** `scope`: global or route. */
    discordRateLimitWaits: new Counter({
      name: 'herald_discord_rate_limit_waits_total',
      help: 'Waits before a request for a Discord bucket known to be exhausted, by scope',
      labelNames: ['scope'],
      ...r,
    }),
    /**
     * `outcome`: answered (by the handler within the HTTP request), deferred (by the endpoint for a slow handler),
     * ping, refused_signature, refused_stale, refused_replay.
     */
    interactions: new Counter({
      name: 'herald_http_interactions_total',
      help: 'Interactions received by HTTP, by outcome',
      labelNames: ['outcome'],
      ...r,
    }),
    /** `queue`: the BullMQ queue; every failed attempt, retried or not. */
    jobFailures: new Counter({
      name: 'herald_job_failures_total',
      help: 'Failed job attempts by queue',
      labelNames: ['queue'],
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
    /** `reason`: a `PageRefusal` (too-deep, too-many-nodes, too-much-text, timeout, out-of-memory). */
    pageRefusals: new Counter({
      name: 'herald_page_refusals_total',
      help: 'Article pages Herald did not read (teasers and /summarize url), by reason',
      labelNames: ['reason'],
      ...r,
    }),
    /**
     * `outcome`: accepted (a poll enqueued), bad_signature, missing_signature, unverified (no verified subscription
     * behind the callback), unknown (no subscription: answered 410), too_large.
     */
    websubNotifications: new Counter({
      name: 'herald_websub_notifications_total',
      help: 'WebSub notifications received, by outcome; only accepted ones are acted on',
      labelNames: ['outcome'],
      ...r,
    }),
    /**
     * `event`: subscribe_sent, renewal_sent, verified, unsubscribe_sent, unsubscribed, refused, denied, unverified
     * (no verification in time), lapsed, intent_refused (a verification Herald did not ask for, answered 404).
     */
    websubEvents: new Counter({
      name: 'herald_websub_events_total',
      help: 'WebSub subscription events, by event',
      labelNames: ['event'],
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
