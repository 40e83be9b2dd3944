import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase } from '../support/bot-harness.js';
import { freePort } from '../support/free-port.js';
import { type HeraldProcess, runHerald } from '../support/herald-process.js';
import { seedPolledFeed } from '../support/seed-feed.js';
import { waitFor } from '../support/wait.js';

const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const APP_ID = '900000000000000002';
const TOKEN = 'fake-bot-token';
const GUILD = '910000000000000002';
const FEED_PATH = '/chaos.xml';

/**
 * The database the chaos tests run on: PostgreSQL when TEST_DATABASE_URL is set (what a scaled-out deployment uses),
 * SQLite otherwise.
 */
export const chaosDatabase = databasesUnderTest().at(-1)!;

/** Story `n` of the chaos feed; its link is what a test looks for in the posts. */
export const storyUrl = (n: number): string => `https://chaos.example/story-${n}`;

const story = (n: number): FakeRssItem => ({
  guid: `urn:chaos:${n}`,
  title: `Chaos story ${n}`,
  link: storyUrl(n),
  pubDate: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toUTCString(),
  description: `<p>Chaos story ${n} is a test article. It has two sentences for the extractive summary.</p>`,
});

/** One `herald start --role worker` process with its HTTP endpoint. */
export interface ChaosWorker {
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
 * A fake Discord server with `channels` text channels that all follow one feed (known, polled once, empty) on a
 * fake feed server, a migrated database, and the worker processes a test starts against them.
 */
export interface ChaosWorld {
  discord: FakeDiscord;
  feeds: FeedServer;
  database: TestDatabase;
  channels: string[];
  /**
   * The environment of a worker: fast polling (1 s), short job locks (2 s), no article page fetches, no pacing of
   * summaries, JSON logs at `warn`.
   */
  env: Record<string, string>;
  /** Makes the feed list stories 1 to `count`, newest first as feeds do. */
  publish(count: number): void;
  /** Starts a worker with `env` plus `extra`; it is killed by `close()`. */
  startWorker(extra?: Record<string, string>): Promise<ChaosWorker>;
  /** Resolves once the workers polled the feed three more times: any job still to finish has had the time to. */
  settle(): Promise<void>;
  /** The sum of a metric's samples matching `labels` over every running worker. */
  metricTotal(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

/** Starts a {@link ChaosWorld}; `redisUrl` defaults to the shared Redis (under a key prefix of its own). */
export async function startChaosWorld(options: { channels: number; redisUrl?: string }): Promise<ChaosWorld> {
  const channels = Array.from({ length: options.channels }, (_, i) => String(920000000000000100n + BigInt(i)));
  const discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: APP_ID,
    guilds: [{ id: GUILD, name: 'Chaos', channels: channels.map((id, i) => ({ id, name: `news-${i}`, type: 0 })) }],
  });
  const feeds = await startFeedServer();
  const database = await chaosDatabase.open();
  const publish = (count: number) =>
    feeds.setRss(FEED_PATH, {
      title: 'Chaos News',
      link: 'https://chaos.example/',
      items: Array.from({ length: count }, (_, i) => story(count - i)),
    });
  publish(0);
  await seed(database.url, feeds.url(FEED_PATH), channels);

  const redisUrl = options.redisUrl ?? SHARED_REDIS_URL;
  const prefix = `herald-chaos-${randomBytes(4).toString('hex')}`;
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    DATABASE_URL: database.url,
    FEED_ALLOW_PRIVATE: 'true',
    // The stories link to pages that do not exist: summarize the feed's text without trying the network.
    ARTICLE_FETCH_FULL_TEXT: 'false',
    // With an LLM, the summarize queue keeps to its rate limit (60 a minute by default); the fake LLM has none.
    LLM_MAX_REQUESTS_PER_MINUTE: '6000',
    FEED_POLL_INTERVAL_SECONDS: '1',
    FEED_POLL_MIN_INTERVAL_SECONDS: '1',
    SCHEDULER_TICK_SECONDS: '1',
    // A killed or cut-off worker's jobs go back to the queue after this long (30 s in production).
    JOB_LOCK_SECONDS: '2',
    LOG_LEVEL: 'warn',
  };
  const workers: ChaosWorker[] = [];

  return {
    discord,
    feeds,
    database,
    channels,
    env,
    publish,
    async startWorker(extra = {}) {
      const port = await freePort();
      const process = runHerald(['start', '--role', 'worker'], { ...env, ...extra, HTTP_PORT: String(port) });
      const worker = workerAt(process, port);
      workers.push(worker);
      return worker;
    },
    async settle() {
      const polls = feeds.requests.length;
      await waitFor('three more polls', () => feeds.requests.length >= polls + 3, 20_000);
    },
    async metricTotal(name, labels = {}) {
      const live = workers.filter((w) => w.alive());
      const texts = await Promise.all(live.map((w) => w.metrics()));
      return texts.reduce((sum, text) => sum + metricTotal(text, name, labels), 0);
    },
    async close() {
      await Promise.all(workers.map((w) => w.process.kill()));
      if (!options.redisUrl) {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      await Promise.all([discord.close(), feeds.close()]);
      await database.dispose();
    },
  };
}

/** Stores the feed as known and polled once (empty), and subscribes every channel to it. */
async function seed(databaseUrl: string, feedUrl: string, channels: string[]): Promise<void> {
  const store = openStore(databaseUrl);
  try {
    await store.migrate();
    const now = Date.now();
    const feed = await seedPolledFeed(store, { url: feedUrl, title: 'Chaos News' }, now);
    await store.putGuildSettings({ guildId: GUILD, language: 'source', style: 'brief' }, now);
    for (const channelId of channels) {
      await store.subscribe({ guildId: GUILD, channelId, feedId: feed.id, mentionRoleId: null }, now);
    }
  } finally {
    await store.close();
  }
}

function workerAt(process: HeraldProcess, port: number): ChaosWorker {
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

/**
 * The sum of the samples of metric `name` in Prometheus text whose labels include `labels` (0 when there is none),
 * e.g. `metricTotal(text, 'herald_deliveries_total', { outcome: 'posted' })`.
 */
export function metricTotal(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const sample = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const found = new Map([...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) total += Number(sample[3]);
  }
  return total;
}

/** Waits until every (story 1..`stories`, channel) pair is posted, at most `timeoutMs`. */
export async function waitForEveryPost(world: ChaosWorld, stories: number, timeoutMs: number): Promise<void> {
  const expected = stories * world.channels.length;
  await waitFor(`${expected} posts`, () => world.discord.allMessages().length >= expected, timeoutMs, 100);
}

/** Asserts that each channel holds exactly one message per story 1..`stories`, in publication order, and no other. */
export function expectEveryStoryOncePerChannel(world: ChaosWorld, stories: number): void {
  const urls = Array.from({ length: stories }, (_, i) => storyUrl(i + 1));
  for (const channelId of world.channels) {
    expect(world.discord.messages(channelId).map((m) => m.embeds[0]?.url)).toEqual(urls);
  }
  expect(world.discord.allMessages()).toHaveLength(stories * world.channels.length);
}
