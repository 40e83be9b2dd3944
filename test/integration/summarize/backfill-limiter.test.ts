import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { createLogger } from '../../../src/log.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, type QueueName, type Queues } from '../../../src/queue/queues.js';
import { runWorkers } from '../../../src/queue/run-workers.js';
import { runnable } from '../../../src/queue/worker-def.js';
import deliver from '../../../workers/deliver.js';
import summarize from '../../../workers/summarize.js';
import tick from '../../../workers/tick.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');
const TOKEN = 'fake-backfill-token';
const APP = '900000000000000001';
const GUILD = '910000000000000001';
const CHANNEL = '920000000000000001';

/** Twelve stories on unrelated subjects (none is taken for a copy of another), story 1 the oldest. */
const SUBJECTS = [
  'The harbour authority opened a new ferry terminal on the east side of the bay.',
  'Farmers in the valley reported an early apple harvest after a warm spring.',
  'The city orchestra announced a season of open-air concerts in the old park.',
  'Engineers finished repairing the mountain railway after last winter storms.',
  'A museum of maritime history reopened after two years of renovation work.',
  'The regional football club signed a young striker from a rival team.',
  'Librarians started lending sewing machines and garden tools to residents.',
  'A new cycling path now links the university campus with the old town.',
  'Scientists counted a record number of nesting sea turtles on the island.',
  'The bakery cooperative opened its fourth shop near the central station.',
  'Volunteers planted two thousand oak saplings along the river banks.',
  'The chess festival drew players from forty countries to the town hall.',
];
const story = (n: number) => ({
  guid: `story-${n}`,
  title: `Story ${n}`,
  link: `https://news.example/${n}`,
  pubDate: new Date(Date.UTC(2026, 0, 5, 8, n)).toUTCString(),
  description: `${SUBJECTS[n - 1]} Residents welcomed the news. Officials said more details would follow.`,
});

describe('a backfill on real Redis and BullMQ', () => {
  let discord: FakeDiscord;
  let openai: FakeOpenAiServer;
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let producer: ReturnType<typeof createRedis>;
  let workerConnection: ReturnType<typeof createRedis>;
  let queues: Queues;
  let running: { close(): Promise<void> } | null = null;
  const prefix = `herald-backfill-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    discord = await startFakeDiscord({
      botToken: TOKEN,
      applicationId: APP,
      guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: CHANNEL, name: 'news', type: 0 }] }],
    });
    openai = await startFakeOpenAiServer();
    feeds = await startFeedServer();
    db = await databasesUnderTest()[0]!.open();
    deps = await testDeps(db.url, {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: discord.apiUrl,
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MODEL: 'fake-model',
      LLM_MAX_REQUESTS_PER_MINUTE: '2',
      LLM_CONCURRENCY: '1',
      // The stories link to pages that do not exist.
      ARTICLE_FETCH_FULL_TEXT: 'false',
    });
    producer = createRedis(REDIS_URL, 'producer', log);
    workerConnection = createRedis(REDIS_URL, 'worker', log);
    queues = createQueues(producer, prefix);
  });
  afterAll(async () => {
    await running?.close();
    await queues?.close();
    const keys = await producer.keys(`${prefix}:*`);
    if (keys.length > 0) await producer.del(...keys);
    producer?.disconnect();
    workerConnection?.disconnect();
    await deps?.discordLimit?.close();
    await deps?.store.close();
    await Promise.all([discord?.close(), openai?.close(), feeds?.close()]);
    await db?.dispose();
  });

  const counts = (queue: QueueName) =>
    queues.queue(queue).getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
  const chats = () => openai.requests.filter((r) => r.path === '/v1/chat/completions');

  it('summarizes 10 backfilled stories through the summarize queue, at most LLM_MAX_REQUESTS_PER_MINUTE=2 a minute', async () => {
    feeds.setRss('/news.xml', {
      title: 'Example News',
      link: 'https://news.example/',
      items: Array.from({ length: 12 }, (_, i) => story(12 - i)),
    });
    const added = await addFeed(deps, {
      url: feeds.url('/news.xml'),
      guildId: GUILD,
      guildLocale: null,
      channelId: CHANNEL,
      backfill: 10,
    });
    expect(added.backfilled).toBe(10);

    running = runWorkers([runnable(summarize), runnable(deliver)], {
      deps,
      queues,
      connection: workerConnection,
      prefix,
    });
    // The scheduler's tick hands the backfilled channel to the deliver queue.
    await tick.process(undefined, { deps, queues, log, retryLater: () => Promise.reject(new Error('no retries')) });

    // The two stories the limiter let through are posted, oldest first (stories 3 and 4: the newest 10 are 3–12).
    await waitFor('two posts', () => discord.messages(CHANNEL).length >= 2 || undefined);
    // Then everything comes to rest: no deliver job left, no summarize job running, the other eight held.
    const rest = await waitFor('the queues to come to rest', async () => {
      const [d, s] = await Promise.all([counts('deliver'), counts('summarize')]);
      return Object.values(d).every((n) => n === 0) && s.active === 0 && s;
    });
    expect((rest.waiting ?? 0) + (rest.delayed ?? 0) + (rest.prioritized ?? 0)).toBe(8);
    expect(chats()).toHaveLength(2);
    expect(discord.messages(CHANNEL).map((m) => m.embeds[0]?.url)).toEqual([
      'https://news.example/3',
      'https://news.example/4',
    ]);
    // The other eight wait, summaries unmade, in their queue's rate-limit window: about a minute left of it.
    const pending = await deps.store.deliveries.pending(CHANNEL, 100);
    expect(pending.map((p) => p.article.title)).toEqual([5, 6, 7, 8, 9, 10, 11, 12].map((n) => `Story ${n}`));
    expect(await queues.queue('summarize').getRateLimitTtl(2)).toBeGreaterThan(30_000);
    expect(chats()).toHaveLength(2);
  }, 30_000);
});
