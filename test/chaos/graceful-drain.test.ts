import type { ServerResponse } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { renderRss } from '../fakes/feed-server.js';
import { databasesUnderTest } from '../support/bot-harness.js';
import type { HeraldProcess } from '../support/herald-process.js';
import { seedPolledFeed } from '../support/seed-feed.js';
import { waitFor } from '../support/wait.js';
import { startWorkerCluster, type WorkerCluster } from '../support/worker-cluster.js';
import { CHAOS_ENV } from './support.js';

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

/** One channel following a feed polled once before (so its next item is new); the feed itself is scripted. */
interface World {
  cluster: WorkerCluster;
  feedId: number;
  /** Starts a worker with the chaos tests' settings (polls every second) and `SHUTDOWN_GRACE_SECONDS=grace`. */
  worker(grace: number): Promise<HeraldProcess>;
}

describe('SIGTERM on a worker', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function world(): Promise<World> {
    const cluster = await startWorkerCluster({ channels: 1, database: databasesUnderTest()[0]! });
    cleanups.push(() => cluster.close());
    const [{ guildId, channelId }] = cluster.channels as [{ guildId: string; channelId: string }];
    const now = Date.now();
    const feed = await seedPolledFeed(cluster.store, { url: cluster.feeds.url('/drain.xml'), title: RSS.title }, now);
    await cluster.store.subscriptions.create({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, now);
    return {
      cluster,
      feedId: feed.id,
      async worker(grace) {
        // Logs at `info`: the test reads the drain's own log lines.
        const { process } = await cluster.startWorker({
          ...CHAOS_ENV,
          LOG_LEVEL: 'info',
          SHUTDOWN_GRACE_SECONDS: String(grace),
        });
        return process;
      },
    };
  }

  /** Resolves once a poll of the feed is waiting on the feed server, which holds every request until released. */
  function holdFeed(w: World): { polled: Promise<unknown>; release(): void } {
    const held: ServerResponse[] = [];
    let answer = false;
    const send = (res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(renderRss(RSS));
    w.cluster.feeds.setHandler('/drain.xml', (_req, res) => (answer ? send(res) : held.push(res)));
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
    const worker = await w.worker(30);
    await feed.polled;

    const exited = worker.stop();
    const draining = await worker.waitForLog('waiting for active jobs to finish');
    expect(draining.jobs).toEqual([expect.stringMatching(/^poll\//)]);
    feed.release();
    expect(await exited).toBe(0);
    expect(worker.logs.map((l) => l.msg)).not.toContain(GRACE_EXPIRED);

    // The poll ran to its end: the new story is stored, waiting for its summary.
    const articles = await w.cluster.store.articles.latest(w.feedId, 10);
    expect(articles.map((a) => [a.title, a.state])).toEqual([['Drain story', 'new']]);
  }, 120_000);

  it('exits at the deadline with a job still running, which another worker then finishes, posting once', async () => {
    const w = await world();
    const feed = holdFeed(w);
    const worker = await w.worker(1);
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
    const redis = new Redis(w.cluster.env.REDIS_URL as string);
    const polls = new Queue('poll', { connection: redis, prefix: w.cluster.prefix });
    cleanups.push(async () => {
      await polls.close();
      redis.disconnect();
    });
    expect(await polls.getJobState(jobId)).toBe('active');

    feed.release();
    const next = await w.worker(30);
    await waitFor('the recovered poll to finish', async () => (await polls.getJobState(jobId)) === 'unknown', 60_000);
    await waitFor(
      'the story to be posted',
      () => w.cluster.discord.messages(w.cluster.channels[0]!.channelId).length > 0,
      30_000,
    );
    expect(await next.stop()).toBe(0);
    expect(w.cluster.discord.messages(w.cluster.channels[0]!.channelId).map((m) => m.embeds[0]?.url)).toEqual([
      'https://drain.example/story-1',
    ]);
  }, 180_000);
});
