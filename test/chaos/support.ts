import { expect } from 'vitest';
import type { FakeRssItem } from '../fakes/feed-server.js';
import { metricTotal } from '../support/metric-total.js';
import { seedPolledFeed } from '../support/seed-feed.js';
import { waitFor } from '../support/wait.js';
import { type ClusterWorker, startWorkerCluster, type WorkerCluster } from '../support/worker-cluster.js';

const FEED_PATH = '/chaos.xml';

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
export type ChaosWorker = ClusterWorker;

/**
 * A {@link WorkerCluster} whose channels (one server's) all follow one feed, known and polled once while empty, that
 * a test fills with `publish`.
 */
export interface ChaosWorld extends Omit<WorkerCluster, 'channels'> {
  channels: string[];
  /** Makes the feed list stories 1 to `count`, newest first as feeds do. */
  publish(count: number): void;
  /**
   * Starts a worker with fast polling (1 s), short job locks (2 s), no pacing of summaries, JSON logs at `warn`, and
   * `extra`; it is killed by `close()`.
   */
  startWorker(extra?: Record<string, string>): Promise<ChaosWorker>;
  /** Resolves once the workers polled the feed three more times: any job still to finish has had the time to. */
  settle(): Promise<void>;
  /** The sum of a metric's samples matching `labels` over every running worker. */
  metricTotal(name: string, labels?: Record<string, string>): Promise<number>;
}

/** A chaos worker's settings on top of the cluster's (the graceful-drain test uses them too). */
export const CHAOS_ENV = {
  // With an LLM, the summarize queue keeps to its rate limit (60 a minute by default); the fake LLM has none.
  LLM_MAX_REQUESTS_PER_MINUTE: '6000',
  FEED_POLL_INTERVAL_SECONDS: '1',
  FEED_POLL_MIN_INTERVAL_SECONDS: '1',
  SCHEDULER_TICK_SECONDS: '1',
  // A killed or cut-off worker's jobs go back to the queue after this long (30 s in production).
  JOB_LOCK_SECONDS: '2',
  LOG_LEVEL: 'warn',
};

/** Starts a {@link ChaosWorld}; `redisUrl` defaults to the shared Redis (under a key prefix of its own). */
export async function startChaosWorld(options: { channels: number; redisUrl?: string }): Promise<ChaosWorld> {
  const cluster = await startWorkerCluster(options);
  const { feeds, store, workers } = cluster;
  const publish = (count: number) =>
    feeds.setRss(FEED_PATH, {
      title: 'Chaos News',
      link: 'https://chaos.example/',
      items: Array.from({ length: count }, (_, i) => story(count - i)),
    });
  publish(0);
  const now = Date.now();
  const feed = await seedPolledFeed(store, { url: feeds.url(FEED_PATH), title: 'Chaos News' }, now);
  for (const { guildId, channelId } of cluster.channels) {
    await store.subscriptions.create({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, now);
  }

  return {
    ...cluster,
    channels: cluster.channels.map((c) => c.channelId),
    publish,
    startWorker: (extra = {}) => cluster.startWorker({ ...CHAOS_ENV, ...extra }),
    async settle() {
      const polls = feeds.requests.length;
      await waitFor('three more polls', () => feeds.requests.length >= polls + 3, 20_000);
    },
    async metricTotal(name, labels = {}) {
      const live = workers.filter((w) => w.alive());
      const texts = await Promise.all(live.map((w) => w.metrics()));
      return texts.reduce((sum, text) => sum + metricTotal(text, name, labels), 0);
    },
  };
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
