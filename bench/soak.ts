/**
 * Soak (on demand): 1,000 feeds on the fake feed server, each with a new item every few minutes (staggered), polled
 * by `herald start --role worker` processes for `--minutes`, each feed followed by one channel of the fake Discord.
 *
 *   npx tsx bench/soak.ts                                    # 1,000 feeds, 2 workers, 30 minutes
 *   npx tsx bench/soak.ts --minutes 5 --poll-seconds 30 --item-seconds 60 --tick-seconds 5
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/soak.ts
 *
 * Options: --feeds (1000), --workers (2), --minutes (30), --poll-seconds (FEED_POLL_INTERVAL_SECONDS, 120),
 * --item-seconds (a new item per feed this often, 180), --tick-seconds (SCHEDULER_TICK_SECONDS, 30).
 *
 * Prints each process's RSS at launch, after the first poll round (the baseline: caches warm) and at the end; for
 * each worker the lowest RSS and V8 heap in use of the minute after warm-up and of the last minute, from samples of
 * its /metrics every 10 s (target: RSS grows no more than 10%); the lag from an item's publication to its post
 * (p50/p95); and per queue the largest backlog and the oldest waiting job, sampled every 10 s.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createRedis } from '../src/queue/connection.js';
import { refreshQueueMetrics } from '../src/queue/queue-metrics.js';
import { createQueues, QUEUE_NAMES } from '../src/queue/queues.js';
import type { FakeRssItem } from '../test/fakes/feed-server.js';
import { metricTotal } from '../test/support/metric-total.js';
import { waitFor } from '../test/support/wait.js';
import { startWorkerCluster } from '../test/support/worker-cluster.js';
import { mb, numericFlags, processStats, quantile, report, startWorkers } from './cluster.js';

const flags = numericFlags({
  feeds: 1000,
  workers: 2,
  minutes: 30,
  'poll-seconds': 120,
  'item-seconds': 180,
  'tick-seconds': 30,
});
const POLL_MS = flags['poll-seconds'] * 1000;
const ITEM_MS = flags['item-seconds'] * 1000;
const RUN_MS = flags.minutes * 60_000;
const SAMPLE_MS = 10_000;
const KEEP_ITEMS = 20;
const POST = /^\/channels\/\d+\/messages$/;

const cluster = await startWorkerCluster({ channels: flags.feeds });
const producer = createRedis(cluster.env.REDIS_URL as string, 'producer', createLogger('silent'));
const queues = createQueues(producer, cluster.prefix);
try {
  const { discord, feeds, store } = cluster;
  const started = Date.now();
  // Feed i publishes at started + offset(i) + k × ITEM_MS; its polls are spread over the interval the same way.
  const offset = (i: number) => Math.floor((i / flags.feeds) * ITEM_MS);
  const items: FakeRssItem[][] = Array.from({ length: flags.feeds }, () => []);
  const nextItemAt = Array.from({ length: flags.feeds }, (_, i) => started + offset(i));
  const publishedAt = new Map<string, number>();
  const rss = (i: number) => ({
    title: `Soak feed ${i}`,
    link: `https://soak.example/${i}/`,
    items: items[i] as FakeRssItem[],
  });

  for (const [i, { guildId, channelId }] of cluster.channels.entries()) {
    feeds.setRss(`/f/${i}.xml`, rss(i));
    const firstPoll = started + Math.floor((i / flags.feeds) * POLL_MS);
    const feed = await store.feeds.upsert({
      url: feeds.url(`/f/${i}.xml`),
      title: `Soak feed ${i}`,
      siteLink: null,
      language: 'en',
      intervalSeconds: flags['poll-seconds'],
      nextPollAt: firstPoll,
    });
    // Polled once already (empty), so every item from now on is new.
    await store.feeds.recordPollSuccess(feed.id, {
      title: `Soak feed ${i}`,
      siteLink: null,
      language: 'en',
      etag: null,
      lastModified: null,
      bodyHash: null,
      polledAt: started,
      nextPollAt: firstPoll,
    });
    await store.subscriptions.create({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, started);
  }

  const publish = (until: number) => {
    for (let i = 0; i < flags.feeds; i++) {
      if ((nextItemAt[i] as number) > until) continue;
      const n = publishedAt.size + 1;
      const link = `https://soak.example/${i}/story-${n}`;
      const now = Date.now();
      const feedItems = items[i] as FakeRssItem[];
      feedItems.unshift({
        guid: `urn:soak:${i}:${n}`,
        title: `Soak story ${n} of feed ${i}`,
        link,
        pubDate: new Date(now).toUTCString(),
        description: `<p>Soak story ${n} is a test article. It has two sentences for the extractive summary.</p>`,
      });
      feedItems.length = Math.min(feedItems.length, KEEP_ITEMS);
      feeds.setRss(`/f/${i}.xml`, rss(i));
      publishedAt.set(link, now);
      nextItemAt[i] = (nextItemAt[i] as number) + ITEM_MS;
    }
  };

  const metrics = createMetrics();
  const samples: Array<{ queue: string; waiting: number; oldestSeconds: number }> = [];
  // Each worker's memory every 10 s, from its own /metrics: resident set and V8 heap in use.
  const memory: Array<{ at: number; worker: number; rss: number; heap: number }> = [];
  const sample = async () => {
    const at = Date.now();
    for (const [worker, text] of (await Promise.all(cluster.workers.map((w) => w.metrics()))).entries()) {
      memory.push({
        at,
        worker,
        rss: metricTotal(text, 'herald_process_resident_memory_bytes'),
        heap: metricTotal(text, 'herald_nodejs_heap_size_used_bytes'),
      });
    }
    await refreshQueueMetrics(queues, metrics);
    const waiting = (await metrics.queueDepth.get()).values;
    for (const { labels, value } of (await metrics.queueAge.get()).values) {
      const queue = String(labels.queue);
      const depth = waiting
        .filter((v) => v.labels.queue === queue && (v.labels.state === 'waiting' || v.labels.state === 'prioritized'))
        .reduce((sum, v) => sum + v.value, 0);
      samples.push({ queue, waiting: depth, oldestSeconds: value });
    }
  };

  await startWorkers(cluster, flags.workers, {
    FEED_POLL_INTERVAL_SECONDS: String(flags['poll-seconds']),
    FEED_POLL_MIN_INTERVAL_SECONDS: String(flags['poll-seconds']),
    SCHEDULER_TICK_SECONDS: String(flags['tick-seconds']),
  });
  const snapshot = () => ({
    at: Date.now(),
    workers: cluster.workers.map((w) => processStats(w.process.pid)),
    bench: processStats('self'),
  });
  const launch = snapshot();
  let warm: typeof launch | null = null;
  const warmAt = Date.now() + POLL_MS;
  const endAt = started + RUN_MS;
  while (Date.now() < endAt) {
    publish(Date.now());
    if (!warm && Date.now() >= warmAt) warm = snapshot();
    if (samples.length === 0 || Date.now() - started >= (samples.length / QUEUE_NAMES.length) * SAMPLE_MS) {
      await sample();
    }
    await sleep(250);
  }
  const end = snapshot();
  // Items published in the last poll interval are still on their way: give them one more round to arrive.
  const postedLinks = () =>
    new Map(
      discord.requests
        .filter((r) => r.method === 'POST' && r.status === 200 && POST.test(r.path))
        .map((r) => [(r.body as { embeds?: Array<{ url?: string }> }).embeds?.[0]?.url ?? '', r.at]),
    );
  await waitFor('the last items', () => postedLinks().size >= publishedAt.size, POLL_MS + 60_000, 1000).catch(
    () => undefined,
  );

  const posted = postedLinks();
  const lags = [...publishedAt].flatMap(([link, at]) => {
    const postAt = posted.get(link);
    return postAt === undefined ? [] : [(postAt - at) / 1000];
  });
  const limited = discord.requests.filter((r) => r.status === 429).length;

  report('feeds (one channel each)', String(flags.feeds));
  report('worker processes', String(flags.workers));
  report('database', process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite');
  report(
    'run',
    `${flags.minutes} min, polls every ${flags['poll-seconds']} s, an item per feed every ${flags['item-seconds']} s`,
  );
  report('items published / posted', `${publishedAt.size} / ${lags.length}`);
  report('duplicate posts', String(discord.allMessages().length - posted.size));
  report('lag publication → post p50', `${quantile(lags, 0.5).toFixed(1)} s`);
  report('lag publication → post p95', `${quantile(lags, 0.95).toFixed(1)} s`);
  report('429 answers', String(limited));
  type Stats = ReturnType<typeof processStats>;
  const processes = [
    ...cluster.workers.map((w, i) => ({
      name: `worker ${i + 1} (pid ${w.process.pid})`,
      of: (s: typeof launch) => s.workers[i] as Stats,
    })),
    { name: 'bench (the fakes)', of: (s: typeof launch) => s.bench },
  ];
  for (const { name, of } of processes) {
    const [first, base, last] = [of(launch), of(warm ?? launch), of(end)] as [Stats, Stats, Stats];
    const growth = ((last.rss - base.rss) / base.rss) * 100;
    report(
      `RSS ${name} launch/warm/end`,
      `${mb(first.rss)} / ${mb(base.rss)} / ${mb(last.rss)}: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% since warm`,
    );
    report(`CPU ${name}`, `${(((last.cpuMs - first.cpuMs) / (end.at - launch.at)) * 100).toFixed(0)}% of a core`);
  }
  // One sample of RSS also counts the garbage the collector has not yet returned, which comes and goes by tens of MB.
  // The lowest of a minute's samples is close to what the process keeps: a leak raises it.
  const floor = (worker: number, kind: 'rss' | 'heap', from: number, to: number) =>
    Math.min(...memory.filter((m) => m.worker === worker && m.at >= from && m.at < to).map((m) => m[kind]));
  for (const i of cluster.workers.keys()) {
    for (const kind of ['rss', 'heap'] as const) {
      const [base, last] = [floor(i, kind, warmAt, warmAt + 60_000), floor(i, kind, endAt - 60_000, endAt)];
      const growth = ((last - base) / base) * 100;
      report(
        `worker ${i + 1} ${kind === 'rss' ? 'RSS' : 'V8 heap in use'}, lowest in the minute after warm / the last minute`,
        `${mb(base)} / ${mb(last)}: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%${kind === 'rss' ? ` (${growth <= 10 ? 'within' : 'OVER'} the 10% target)` : ''}`,
      );
    }
  }
  // The same floors through the run: growth that levels off is warm-up (code, caches, pools), a leak keeps climbing.
  const WINDOW_MS = 5 * 60_000;
  for (const i of cluster.workers.keys()) {
    const windows: string[] = [];
    for (let from = warmAt; from + WINDOW_MS <= endAt + 1; from += WINDOW_MS) {
      windows.push(`${mb(floor(i, 'rss', from, from + WINDOW_MS))}/${mb(floor(i, 'heap', from, from + WINDOW_MS))}`);
    }
    report(`worker ${i + 1} RSS/heap floors, every 5 min`, windows.join(' '));
  }
  for (const queue of QUEUE_NAMES) {
    const mine = samples.filter((s) => s.queue === queue);
    const ages = mine.map((s) => s.oldestSeconds);
    report(
      `queue ${queue}: waiting max, oldest age p95 / max`,
      `${Math.max(0, ...mine.map((s) => s.waiting))}, ${quantile(ages, 0.95).toFixed(1)} s / ${Math.max(0, ...ages).toFixed(1)} s`,
    );
  }
} finally {
  await queues.close();
  producer.disconnect();
  await cluster.close();
}
