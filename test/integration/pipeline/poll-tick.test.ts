import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import deliver from '../../../workers/deliver.js';
import tick from '../../../workers/tick.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { type BotHarness, databasesUnderTest, startBotHarness, type TestDatabase } from '../../support/bot-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');
const GUILD = '910000000000000001';
const CHANNEL = '920000000000000001';
const [sqlite] = databasesUnderTest();

describe('the tick on a real Redis and SQLite', () => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let bot: BotHarness;
  let producer: ReturnType<typeof createRedis>;
  let queues: Queues;
  const prefix = `herald-tick-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    feeds = await startFeedServer();
    db = await sqlite!.open();
    bot = await startBotHarness({
      databaseUrl: db.url,
      guilds: [{ id: GUILD, name: 'One', channels: [{ id: CHANNEL, name: 'news', type: 0 }] }],
    });
    producer = createRedis(REDIS_URL, 'producer', log);
    queues = createQueues(producer, prefix);
  });
  afterAll(async () => {
    await queues?.close();
    const keys = await producer.keys(`${prefix}:*`);
    if (keys.length > 0) await producer.del(...keys);
    producer.disconnect();
    await bot?.close();
    await feeds?.close();
    await db?.dispose();
  });

  const context = () => ({
    deps: bot.deps,
    queues,
    log,
    retryLater: () => Promise.reject(new Error('these jobs never retry')),
  });
  const runTick = () => tick.process(undefined, context());

  it('hands a backfilled channel to the deliver queue, which posts the newest N oldest first', async () => {
    feeds.setRss('/news.xml', {
      title: 'Example News',
      link: 'https://news.example/',
      items: [4, 3, 2, 1].map((n) => ({
        guid: `g${n}`,
        title: `Story ${n}`,
        link: `https://news.example/${n}`,
        pubDate: new Date(Date.UTC(2024, 3, 26, 8, n)).toUTCString(),
        description: `Story ${n} happened. Officials said more would follow.`,
      })),
    });
    const { backfilled } = await addFeed(bot.deps, {
      url: feeds.url('/news.xml'),
      guildId: GUILD,
      guildLocale: null,
      channelId: CHANNEL,
      backfill: 2,
    });
    expect(backfilled).toBe(2);
    await runTick();
    const jobs = await queues.queue('deliver').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((j) => j.data)).toEqual([{ channelId: CHANNEL }]);

    // The deliver job makes no summary: it asks the summarize queue for the two and posts nothing yet.
    await deliver.process({ channelId: CHANNEL }, context());
    expect(bot.discord.messages(CHANNEL)).toEqual([]);
    const asked = await queues.queue('summarize').getJobs(['waiting', 'delayed', 'prioritized']);
    const articleIds = asked.map((j) => (j.data as { articleId: number }).articleId).sort((a, b) => a - b);
    const titles = await Promise.all(articleIds.map(async (id) => (await bot.deps.store.articles.get(id))?.title));
    expect(titles.sort()).toEqual(['Story 3', 'Story 4']);
    // What the summarize jobs do (run here, so off the queue), each handing the channel back; then the two newest go
    // out, oldest first.
    await queues.queue('summarize').drain(true);
    for (const id of articleIds) expect(await summarizeArticle(bot.deps, id)).toEqual({ channelIds: [CHANNEL] });
    expect(await deliverChannel(bot.deps, CHANNEL)).toMatchObject({ sent: 2, failed: 0 });
    const posts = bot.discord.messages(CHANNEL);
    expect(posts.map((m) => m.embeds[0]?.url)).toEqual(['https://news.example/3', 'https://news.example/4']);
  });

  it('re-enqueues articles a crash left in state new', async () => {
    const feed = await bot.deps.store.feeds.byUrl(feeds.url('/news.xml'));
    const now = bot.deps.now();
    const [article] = await bot.deps.store.articles.insert(
      feed!.id,
      [
        {
          key: 'g:lost',
          guid: 'lost',
          title: 'Lost',
          link: null,
          publishedAt: null,
          author: null,
          imageUrl: null,
          contentText: 'x',
          categories: [],
        },
      ],
      'new',
      now - 10 * 60_000,
    );
    await runTick();
    const jobs = await queues.queue('summarize').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((j) => j.data)).toEqual([{ articleId: article!.id }]);
  });
});
