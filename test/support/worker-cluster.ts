import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase } from './bot-harness.js';
import { freePort } from './free-port.js';
import { type HeraldProcess, runHerald } from './herald-process.js';
import { waitFor } from './wait.js';

const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'fake-bot-token';
const APP_ID = '900000000000000002';
// Discord allows 500 channels per server.
const CHANNELS_PER_GUILD = 500;

/** One `herald start --role worker` process with its HTTP endpoint. */
export interface ClusterWorker {
  process: HeraldProcess;
  /** False once the process exited. */
  alive(): boolean;
  /** `/metrics` in Prometheus text format; rejects when the process does not answer 200. */
  metrics(): Promise<string>;
  /** `/readyz`: the status code and each check's result (`ok` or why it failed). */
  readiness(): Promise<{ status: number; checks: Record<string, string> }>;
  /** Resolves once `/readyz` answers 200 (starting from source takes a few seconds, more on a busy machine). */
  ready(): Promise<void>;
}

/**
 * What the chaos tests and the fan-out and soak benchmarks run against: a fake Discord with `channels` text channels,
 * a fake feed server, a migrated database, Redis under a key prefix of its own, and the `herald start --role worker`
 * processes started against them, as production runs them. Feeds and subscriptions are the caller's.
 */
export interface WorkerCluster {
  discord: FakeDiscord;
  feeds: FeedServer;
  database: TestDatabase;
  /** An open connection to the workers' database, for setting up feeds and subscriptions and reading results. */
  store: Store;
  /** Every channel, spread over as many servers as Discord's 500-channel cap asks for; each server posts as written. */
  channels: Array<{ guildId: string; channelId: string }>;
  prefix: string;
  /** A worker's environment: this cluster's Discord, Redis, database; feeds on 127.0.0.1; no article page fetches. */
  env: Record<string, string>;
  workers: ClusterWorker[];
  /** Starts a worker with `env` plus `extra` (it does not wait for it to be ready); `close()` kills it. */
  startWorker(extra?: Record<string, string>): Promise<ClusterWorker>;
  close(): Promise<void>;
}

/** PostgreSQL when TEST_DATABASE_URL is set (what a scaled-out deployment uses), SQLite otherwise. */
export const clusterDatabase = databasesUnderTest().at(-1)!;

/** Starts a {@link WorkerCluster}; `redisUrl` defaults to the shared Redis, `database` to {@link clusterDatabase}. */
export async function startWorkerCluster(options: {
  channels: number;
  redisUrl?: string;
  database?: { open(): Promise<TestDatabase> };
  /** The bot's permissions in every server (default: the fake's: view, send, embed links, read history, attach). */
  botPermissions?: bigint;
}): Promise<WorkerCluster> {
  const channels = Array.from({ length: options.channels }, (_, i) => ({
    guildId: String(910000000000000000n + BigInt(Math.floor(i / CHANNELS_PER_GUILD))),
    channelId: String(920000000000000000n + BigInt(i)),
  }));
  const guildIds = [...new Set(channels.map((c) => c.guildId))];
  const discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: APP_ID,
    guilds: guildIds.map((id, g) => ({
      id,
      name: `Cluster ${g}`,
      ...(options.botPermissions !== undefined && { botPermissions: options.botPermissions }),
      channels: channels
        .filter((c) => c.guildId === id)
        .map((c, i) => ({ id: c.channelId, name: `news-${i}`, type: 0 })),
    })),
  });
  const feeds = await startFeedServer();
  const database = await (options.database ?? clusterDatabase).open();
  const store = openStore(database.url);
  await store.migrate();
  for (const guildId of guildIds) {
    await store.guilds.put({ guildId, language: 'source', style: 'brief' }, Date.now());
  }
  const redisUrl = options.redisUrl ?? SHARED_REDIS_URL;
  const prefix = `herald-cluster-${randomBytes(4).toString('hex')}`;
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    DATABASE_URL: database.url,
    FEED_ALLOW_PRIVATE: 'true',
    // The test stories link to pages that do not exist: fetching them would measure DNS failures, not Herald.
    ARTICLE_FETCH_FULL_TEXT: 'false',
  };
  const workers: ClusterWorker[] = [];

  return {
    discord,
    feeds,
    database,
    store,
    channels,
    prefix,
    env,
    workers,
    async startWorker(extra = {}) {
      const port = await freePort();
      const worker = workerAt(
        runHerald(['start', '--role', 'worker'], { ...env, ...extra, HTTP_PORT: String(port) }),
        port,
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.process.kill()));
      if (!options.redisUrl) {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      await Promise.all([discord.close(), feeds.close(), store.close()]);
      await database.dispose();
    },
  };
}

function workerAt(process: HeraldProcess, port: number): ClusterWorker {
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  let alive = true;
  void process.exited.then(() => {
    alive = false;
  });
  return {
    process,
    alive: () => alive,
    async metrics() {
      const res = await get('/metrics');
      const text = await res.text();
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text}`);
      return text;
    },
    async readiness() {
      const res = await get('/readyz');
      const body = (await res.json()) as { checks?: Record<string, string> };
      return { status: res.status, checks: body.checks ?? {} };
    },
    async ready() {
      await waitFor(
        'the worker to be ready',
        async () => {
          if (!alive) throw new Error(`the worker exited: ${process.stderrText()}`);
          return get('/readyz').then(
            (res) => res.status === 200,
            () => false,
          );
        },
        90_000,
        200,
      );
    },
  };
}
