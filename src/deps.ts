import type { Config } from './config.js';
import { createGlobalLimit, type GlobalLimit, globalLimitKey } from './discord/global-limit.js';
import { countRateLimits, createRest } from './discord/poster.js';
import { createRestPublisher } from './discord/publisher.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createPollBudget, type PollBudget } from './pipeline/poll/poll-budget.js';
import { buildSummarizer } from './pipeline/summarize/summarize-setup.js';
import type { HostLimit } from './ports/host-limit.js';
import type { Publisher } from './ports/publisher.js';
import { createRedis } from './queue/connection.js';
import { createRedisHostLimit } from './queue/host-limit.js';
import { openMigratedStore } from './store/open.js';
import type { Store } from './store/store.js';
import type { Summarizer } from './summarize/summarizer.js';

/** Everything the domain needs, built once by `buildDeps` (the composition root) or by a test. */
export interface Deps {
  config: Config;
  log: Logger;
  store: Store;
  summarizer: Summarizer;
  /** Publishes articles, roundups and notices to Discord; null where nothing may be published (no token configured). */
  publisher: Publisher | null;
  /** Discord's global rate limit shared through Redis, which the REST client waits on; closed when the process stops. */
  discordLimit?: GlobalLimit | null;
  /** Epoch milliseconds; tests move time by passing their own. */
  now: () => number;
  /** The process's Prometheus metrics, served on `/metrics` (one registry per process). */
  metrics: Metrics;
  /**
   * How adaptive polling shares FEED_POLL_BUDGET_PER_MINUTE among the feeds, cached per process; absent (a test's own
   * Deps), each poll computes it afresh.
   */
  pollBudget?: PollBudget;
  /** Per-host politeness shared through Redis, which every poll asks before fetching; null or absent: no limit. */
  hostLimit?: HostLimit | null;
}

/**
 * The composition root: the store named by DATABASE_URL (migrated), the LLM summarizer when OPENAI_API_KEY is set
 * (extractive otherwise), the Discord publisher when DISCORD_TOKEN is set, and a fresh metrics registry.
 * `overrides` replace any of them.
 */
export async function buildDeps(config: Config, overrides: Partial<Deps> = {}): Promise<Deps> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL, undefined, config.LOG_FORMAT);
  const store = overrides.store
    ? await migrated(overrides.store)
    : (
        await openMigratedStore(config.DATABASE_URL, {
          onIdleError: (err) => log.error({ err }, 'database connection lost; it will reconnect on next use'),
        })
      ).store;
  const metrics = overrides.metrics ?? createMetrics();
  const now = overrides.now ?? Date.now;
  const summarizer = overrides.summarizer ?? buildSummarizer(config, { store, log, now, metrics });
  // Discord counts its global limit per bot, so every process of this bot draws from one pace in Redis (connected on
  // the first request: a process that never posts needs no connection).
  const discordLimit =
    overrides.discordLimit !== undefined
      ? overrides.discordLimit
      : config.DISCORD_TOKEN
        ? createGlobalLimit(() => createRedis(config.REDIS_URL, 'producer', log), {
            key: globalLimitKey(config.REDIS_KEY_PREFIX, config.DISCORD_APPLICATION_ID ?? config.DISCORD_TOKEN),
            perSecond: config.DISCORD_GLOBAL_RPS,
          })
        : null;
  const publisher =
    overrides.publisher !== undefined
      ? overrides.publisher
      : config.DISCORD_TOKEN
        ? createRestPublisher(
            countRateLimits(createRest(config.DISCORD_TOKEN, config.DISCORD_API_URL, discordLimit), {
              answered: metrics.discordRateLimited,
              waits: metrics.discordRateLimitWaits,
            }),
          )
        : null;
  const pollBudget = overrides.pollBudget ?? createPollBudget(store.feeds, config);
  // Connected on the first poll: a process that never polls needs no connection.
  const hostLimit =
    overrides.hostLimit !== undefined
      ? overrides.hostLimit
      : createRedisHostLimit(() => createRedis(config.REDIS_URL, 'producer', log), {
          prefix: config.REDIS_KEY_PREFIX,
          maxConcurrent: config.FEED_HOST_MAX_CONCURRENT,
          maxPerMinute: config.FEED_HOST_MAX_PER_MINUTE,
        });
  return { config, log, store, summarizer, publisher, discordLimit, now, metrics, pollBudget, hostLimit };
}

/** A store a caller opened itself (a test's, preview's in-memory one), migrated like one named by DATABASE_URL. */
async function migrated(store: Store): Promise<Store> {
  try {
    await store.migrate();
    return store;
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
