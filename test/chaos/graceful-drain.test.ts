import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type FeedServer, renderRss, startFeedServer } from '../fakes/feed-server.js';
import { databasesUnderTest } from '../support/bot-harness.js';
import { type HeraldProcess, runHerald } from '../support/herald-process.js';
import { seedPolledFeed } from '../support/seed-feed.js';
import { waitFor } from '../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const APP_ID = '900000000000000003';
const TOKEN = 'fake-bot-token';
const GUILD = '910000000000000003';
const CHANNEL = '920000000000000003';
const RSS = {
  title: 'Drain News',
  link: 'https://drain.example/',
  items: [
    {
      guid: 'urn:drain:1',
      title: 'Drain story',
      link: 'https://drain.example/story-1',
      pubDate: new Date(Date.UTC(2026, 0, 1)).toUTCString(),
      description: '<p>Drain story is a test article. It has two sentences for the extractive summary.</p>',
    },
  ],
};
const GRACE_EXPIRED = 'shutdown grace expired; unfinished jobs will be retried';

/** A feed polled once before (so its next item is new), followed by one channel; the feed itself is scripted. */
interface World {
  discord: FakeDiscord;
  feeds: FeedServer;
  feedId: number;
  databaseUrl: string;
  prefix: string;
  worker(grace: number): HeraldProcess;
}

describe('SIGTERM on a worker', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function world(): Promise<World> {
    const discord = await startFakeDiscord({
      botToken: TOKEN,
      applicationId: APP_ID,
      guilds: [{ id: GUILD, name: 'Drain', channels: [{ id: CHANNEL, name: 'news', type: 0 }] }],
    });
    cleanups.push(() => discord.close());
    const feeds = await startFeedServer();
    cleanups.push(() => feeds.close());
    const db = await databasesUnderTest()[0]!.open();
    cleanups.push(() => db.dispose());
    const prefix = `herald-drain-${randomBytes(4).toString('hex')}`;
    cleanups.push(async () => {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    const store = openStore(db.url);
    await store.migrate();
    const now = Date.now();
    const feed = await seedPolledFeed(store, { url: feeds.url('/drain.xml'), title: RSS.title }, now);
    await store.putGuildSettings({ guildId: GUILD, language: 'source', style: 'brief' }, now);
    await store.subscribe({ guildId: GUILD, channelId: CHANNEL, feedId: feed.id, mentionRoleId: null }, now);
    await store.close();

    return {
      discord,
      feeds,
      feedId: feed.id,
      databaseUrl: db.url,
      prefix,
      worker(grace) {
        const proc = runHerald(['start', '--role', 'worker'], {
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: APP_ID,
          DISCORD_API_URL: discord.apiUrl,
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          DATABASE_URL: db.url,
          FEED_ALLOW_PRIVATE: 'true',
          FEED_POLL_INTERVAL_SECONDS: '1',
          FEED_POLL_MIN_INTERVAL_SECONDS: '1',
          SCHEDULER_TICK_SECONDS: '1',
          JOB_LOCK_SECONDS: '2',
          SHUTDOWN_GRACE_SECONDS: String(grace),
        });
        cleanups.push(() => proc.kill());
        return proc;
      },
    };
  }

  /** Resolves once a poll of the feed is waiting on the feed server, which holds every request until released. */
  function holdFeed(w: World): { polled: Promise<unknown>; release(): void } {
    const held: ServerResponse[] = [];
    let answer = false;
    const send = (res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(renderRss(RSS));
    w.feeds.setHandler('/drain.xml', (_req, res) => (answer ? send(res) : held.push(res)));
    return {
      polled: waitFor('a poll held by the feed server', () => held.length > 0, 60_000),
      release() {
        answer = true;
        for (const res of held.splice(0)) send(res);
      },
    };
  }

  it('lets the job in flight finish, then exits 0', async () => {
    const w = await world();
    const feed = holdFeed(w);
    const worker = w.worker(30);
    await feed.polled;

    const exited = worker.stop();
    const draining = await worker.waitForLog('waiting for active jobs to finish');
    expect(draining.jobs).toEqual([expect.stringMatching(/^poll\//)]);
    feed.release();
    expect(await exited).toBe(0);
    expect(worker.logs.map((l) => l.msg)).not.toContain(GRACE_EXPIRED);

    // The poll ran to its end: the new story is stored, waiting for its summary.
    const store = openStore(w.databaseUrl);
    const articles = await store.latestArticles(w.feedId, 10);
    await store.close();
    expect(articles.map((a) => [a.title, a.state])).toEqual([['Drain story', 'new']]);
  }, 120_000);

  it('exits at the deadline with a job still running, which another worker then finishes, posting once', async () => {
    const w = await world();
    const feed = holdFeed(w);
    const worker = w.worker(1);
    await feed.polled;

    // The grace is 1 s; a process still running 10 s after SIGTERM has not kept to it.
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      worker.stop(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the worker did not exit within its grace + 10 s')), 11_000);
      }),
    ]);
    clearTimeout(timer);
    expect(code).toBe(0);
    const expired = worker.logs.find((l) => l.msg === GRACE_EXPIRED);
    expect(expired?.jobs).toEqual([expect.stringMatching(/^poll\//)]);

    // Handed back, not lost: the job is still active in Redis, its lock expiring, for the stalled-job check.
    const [job = ''] = (expired?.jobs ?? []) as string[];
    const jobId = job.split('/')[1]!;
    const redis = new Redis(REDIS_URL);
    const polls = new Queue('poll', { connection: redis, prefix: w.prefix });
    cleanups.push(async () => {
      await polls.close();
      redis.disconnect();
    });
    expect(await polls.getJobState(jobId)).toBe('active');

    feed.release();
    const next = w.worker(30);
    await waitFor('the recovered poll to finish', async () => (await polls.getJobState(jobId)) === 'unknown', 60_000);
    await waitFor('the story to be posted', () => w.discord.messages(CHANNEL).length > 0, 30_000);
    expect(await next.stop()).toBe(0);
    expect(w.discord.messages(CHANNEL).map((m) => m.embeds[0]?.url)).toEqual(['https://drain.example/story-1']);
  }, 180_000);
});
