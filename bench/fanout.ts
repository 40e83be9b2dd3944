/**
 * Fan-out at Discord's global limit: one article to 5,000 channels, posted by `herald start --role worker`
 * processes that share one global limit through Redis, through the fake Discord with Discord's global limit
 * (50 requests/s) and per-channel buckets switched on.
 *
 *   npx tsx bench/fanout.ts                              # 5,000 channels, 2 workers: at 50/s, 100 s and more
 *   npx tsx bench/fanout.ts --channels 500 --workers 3
 *   npx tsx bench/fanout.ts --webhooks 0.5               # half the subscriptions post through channel webhooks
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fanout.ts
 *
 * With `--webhooks <share>`, that share of the channels post through their webhook, made beforehand as a channel's
 * first webhook post leaves it (Herald keeps one per channel): the figures are the steady state, where a webhook post
 * is one request. Webhook executes count against the same global pace (Discord counts them per IP address at the same
 * rate), and the fake enforces both that and each webhook's 5 per 2 s.
 *
 * Prints the time from the poll that found the article to the last post, the sustained post rate as a fraction of
 * the global limit, the 429s among all requests, each process's peak memory, and the verdicts against the targets
 * (≥ 90% of the global limit sustained, 429s under 1% of requests).
 */
import { PermissionFlagsBits as F, Routes } from 'discord-api-types/v10';
import { createRest } from '../src/discord/poster.js';
import { seedPolledFeed } from '../test/support/seed-feed.js';
import { waitFor } from '../test/support/wait.js';
import { startWorkerCluster } from '../test/support/worker-cluster.js';
import { mb, numericFlags, processStats, report, startWorkers } from './cluster.js';

const { channels, workers, webhooks } = numericFlags({ channels: 5000, workers: 2, webhooks: 0 });
const GLOBAL_PER_SECOND = 50;
const PER_CHANNEL_PER_SECOND = 5;
// A message posted as the bot, or through a channel webhook.
const POST = /^\/channels\/\d+\/messages$|^\/webhooks\/\d+\/[^/]+$/;
/** Whether channel `i` posts through its webhook: `webhooks` of them, spread evenly. */
const throughWebhook = (i: number) => Math.floor((i + 1) * webhooks) > Math.floor(i * webhooks);
const BOT = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.ManageWebhooks;

let benchPeak = 0;
const sampler = setInterval(() => {
  benchPeak = Math.max(benchPeak, process.memoryUsage().rss);
}, 100);

const cluster = await startWorkerCluster({ channels, botPermissions: BOT });
try {
  const { discord, feeds, store } = cluster;
  const bot = createRest(cluster.env.DISCORD_TOKEN as string, discord.apiUrl);
  for (const [i, { channelId }] of cluster.channels.entries()) {
    if (!throughWebhook(i)) continue;
    const hook = (await bot.post(Routes.channelWebhooks(channelId), { body: { name: 'Herald' } })) as {
      id: string;
      token: string;
    };
    await store.webhooks.save({ channelId, id: hook.id, token: hook.token }, Date.now());
  }
  discord.setRateLimit({ globalPerSecond: GLOBAL_PER_SECOND, perChannelPerSecond: PER_CHANNEL_PER_SECOND });
  const rss = { title: 'Fan-out News', link: 'https://fanout.example/' };
  feeds.setRss('/fanout.xml', { ...rss, items: [] });
  const now = Date.now();
  // Polled once already (empty), so the next poll posts whatever is new.
  const feed = await seedPolledFeed(store, { url: feeds.url('/fanout.xml'), title: rss.title }, now);
  for (const [i, { guildId, channelId }] of cluster.channels.entries()) {
    const sub = await store.subscriptions.create({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, now);
    if (throughWebhook(i)) {
      const webhook = { name: null, avatarUrl: null };
      await store.subscriptions.configure(sub.id, { mentionRoleId: null, maxPerHour: null, channelType: 0, webhook });
    }
  }
  await startWorkers(cluster, workers, {
    DISCORD_GLOBAL_RPS: String(GLOBAL_PER_SECOND),
    FEED_POLL_INTERVAL_SECONDS: '1',
    FEED_POLL_MIN_INTERVAL_SECONDS: '1',
    SCHEDULER_TICK_SECONDS: '1',
  });

  const cpuBefore = [...cluster.workers.map((w) => processStats(w.process.pid).cpuMs), processStats('self').cpuMs];
  const requestsBefore = discord.requests.length;
  const pollsBefore = feeds.requests.length;
  feeds.setRss('/fanout.xml', {
    ...rss,
    items: [
      {
        guid: 'urn:fanout:1',
        title: 'One story for every channel',
        link: 'https://fanout.example/story-1',
        pubDate: new Date().toUTCString(),
        description: '<p>The story every channel waits for. It has two sentences for the extractive summary.</p>',
      },
    ],
  });
  // The first poll after publishing fetches the new body: the article is found then.
  const found = await waitFor(
    'the poll that finds the article',
    () => feeds.requests.length > pollsBefore && Date.now(),
    60_000,
    5,
  );
  const posts = () =>
    discord.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && r.status === 200 && POST.test(r.path));
  await waitFor(
    'a post in every channel',
    () => posts().length >= channels,
    (channels / GLOBAL_PER_SECOND) * 3_000 + 120_000,
    500,
  );
  const times = posts()
    .map((r) => r.at)
    .sort((a, b) => a - b);
  const first = times[0] as number;
  const last = times.at(-1) as number;
  const requests = discord.requests.slice(requestsBefore);
  const limited = requests.filter((r) => r.status === 429).length;
  const rate = (times.length - 1) / ((last - first) / 1000);
  // Posts per second in each 10 s from the first post (the last stretch is shorter).
  const timeline = Array.from({ length: Math.ceil((last - first + 1) / 10_000) }, (_, s) => {
    const from = first + s * 10_000;
    const to = Math.min(from + 10_000, last + 1);
    return times.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
  });
  const exactlyOnce = cluster.channels.filter((c) => discord.messages(c.channelId).length === 1).length;
  const stats = [...cluster.workers.map((w) => processStats(w.process.pid)), processStats('self')];
  const cpuPerPost = stats.map((s, i) => `${((s.cpuMs - (cpuBefore[i] as number)) / times.length).toFixed(1)} ms`);

  report('channels', String(channels));
  report('worker processes', String(workers));
  const viaWebhook = posts().filter((r) => r.path.startsWith('/webhooks/')).length;
  report('posts through webhooks', `${viaWebhook} of ${times.length}`);
  report('database', process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite');
  report('found → first post', `${((first - found) / 1000).toFixed(1)} s`);
  report('found → last post (end to end)', `${((last - found) / 1000).toFixed(1)} s`);
  report(
    'sustained post rate',
    `${rate.toFixed(1)}/s = ${((rate / GLOBAL_PER_SECOND) * 100).toFixed(1)}% of the global limit (${GLOBAL_PER_SECOND}/s)`,
  );
  report('posts/s in each 10 s', timeline.map((r) => r.toFixed(1)).join(' '));
  report(
    '429 answers',
    `${limited} of ${requests.length} requests = ${((limited / requests.length) * 100).toFixed(2)}%`,
  );
  report('channels with exactly one post', `${exactlyOnce} of ${channels}`);
  for (const [i, w] of cluster.workers.entries()) {
    report(`peak RSS worker ${i + 1} (pid ${w.process.pid})`, mb((stats[i] as { peak: number }).peak));
  }
  report('peak RSS bench (the fakes, this process)', mb(benchPeak));
  report('CPU per post: workers…, bench', cpuPerPost.join(', '));
  report('target ≥ 90% of the global limit', rate / GLOBAL_PER_SECOND >= 0.9 ? 'met' : 'MISSED');
  report('target 429s < 1% of requests', limited / requests.length < 0.01 ? 'met' : 'MISSED');
  report('target every channel exactly once', exactlyOnce === channels ? 'met' : 'MISSED');
} finally {
  clearInterval(sampler);
  await cluster.close();
}
