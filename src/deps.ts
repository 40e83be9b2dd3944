import type { Config } from './config.js';
import { createRestNotifier, type GuildNotifier } from './discord/notice.js';
import { createRest, createRestPoster, type Poster } from './discord/poster.js';
import { createLogger, type Logger } from './log.js';
import { buildSummarizer } from './pipeline/summarize-setup.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import type { Summarizer } from './summarize/summarizer.js';

/** Everything the domain needs, built once by `buildDeps` (the composition root) or by a test. */
export interface Deps {
  config: Config;
  log: Logger;
  store: Store;
  summarizer: Summarizer;
  /** Posts to Discord; null where nothing may be posted (no token configured). */
  poster: Poster | null;
  /** Tells a server's admins about a problem (paused subscriptions); absent or null: only logged. */
  notifier?: GuildNotifier | null;
  /** Epoch milliseconds; tests move time by passing their own. */
  now: () => number;
}

/**
 * The composition root: the store named by DATABASE_URL (migrated), the LLM summarizer when OPENAI_API_KEY is set
 * (extractive otherwise), the Discord REST poster when DISCORD_TOKEN is set. `overrides` replace any of them.
 */
export async function buildDeps(config: Config, overrides: Partial<Deps> = {}): Promise<Deps> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const store =
    overrides.store ??
    openStore(config.DATABASE_URL, {
      onIdleError: (err) => log.error({ err }, 'database connection lost; it will reconnect on next use'),
    });
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw new Error(`cannot open the database (DATABASE_URL): ${(err as Error).message}`);
  }
  const summarizer = overrides.summarizer ?? buildSummarizer(config, { store, log, now: overrides.now ?? Date.now });
  // One REST client for posts and notices, so both share Discord's rate-limit buckets.
  const rest = config.DISCORD_TOKEN ? createRest(config.DISCORD_TOKEN, config.DISCORD_API_URL) : null;
  const poster = overrides.poster !== undefined ? overrides.poster : rest && createRestPoster(rest);
  const notifier = overrides.notifier !== undefined ? overrides.notifier : rest && createRestNotifier(rest);
  return { config, log, store, summarizer, poster, notifier, now: overrides.now ?? Date.now };
}
