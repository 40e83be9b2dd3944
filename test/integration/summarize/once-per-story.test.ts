import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { toScript } from '../../../src/text/zh-script.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import {
  defaultSummaryContent,
  type FakeOpenAiServer,
  reply,
  startFakeOpenAiServer,
} from '../../fakes/openai-server.js';
import { dwSeed } from '../../unit/summarize/fixtures.js';
import { databases, recordingPoster, testDeps } from './harness.js';

const seed = dwSeed();
const old = { guid: 'urn:old', title: 'Old story', link: 'https://news.example/old', description: '<p>Old.</p>' };
/** One wire story as three outlets carry it: Traditional, Simplified, and Traditional with its own title and footer. */
const copies = [
  { guid: 'urn:a:1', title: seed.title, link: 'https://a.example/1', description: seed.html },
  {
    guid: 'urn:b:1',
    title: toScript(seed.title, 'zh-CN'),
    link: 'https://b.example/1',
    description: toScript(seed.html, 'zh-CN'),
  },
  {
    guid: 'urn:c:1',
    title: `${seed.title}｜國際新聞`,
    link: 'https://c.example/1',
    description: `${seed.html}<p>本文由C新聞網轉載，版權所有。</p>`,
  },
];
const CHANNELS = 50;
const channelId = (i: number): string => String(800_000_000_000_000_000n + BigInt(i));
const guildId = (i: number): string => String(700_000_000_000_000_000n + BigInt(Math.floor(i / 5)));

describe.each(databases)('one LLM call per story on $name', (database) => {
  let openai: FakeOpenAiServer;
  let feeds: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let workers: Deps[];
  const poster = recordingPoster();

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    feeds = await startFeedServer();
    db = await database.open();
    const env = { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' };
    // Two workers: two stores on one database, as two processes would be. Not on SQLite: better-sqlite3 blocks the
    // thread while it waits for a lock, so two connections in one process would deadlock; there the two "workers"
    // share one connection and only interleave between queries.
    const first = await testDeps(db.url, env, { publisher: createDiscordPublisher({ poster }) });
    workers = [
      first,
      database.name === 'sqlite'
        ? first
        : await testDeps(db.url, env, { publisher: createDiscordPublisher({ poster }) }),
    ];
  });
  afterAll(async () => {
    for (const w of new Set(workers ?? [])) await w.store.close();
    await Promise.all([openai?.close(), feeds?.close()]);
    await db?.dispose();
  });

  it('summarizes the same story from three feeds for 50 channels with one request, concurrently', async () => {
    const [w1, w2] = workers as [Deps, Deps];
    const { store } = w1;
    const now = Date.now();
    const feedIds: number[] = [];
    for (const name of ['a', 'b', 'c']) {
      feeds.setRss(`/${name}.xml`, { title: name, link: `https://${name}.example/`, items: [old] });
      const feed = await store.feeds.upsert({
        url: feeds.url(`/${name}.xml`),
        title: name,
        siteLink: null,
        language: null,
        intervalSeconds: 600,
        nextPollAt: now,
      });
      feedIds.push(feed.id);
    }
    for (let i = 0; i < CHANNELS; i++) {
      await store.guilds.put({ guildId: guildId(i), language: 'zh-TW', style: 'standard' }, now);
      await store.subscriptions.create(
        { guildId: guildId(i), channelId: channelId(i), feedId: feedIds[i % 3] as number, mentionRoleId: null },
        now,
      );
    }
    for (const id of feedIds) expect(await pollFeed(w1, id)).toMatchObject({ status: 'polled', newArticleIds: [] });

    ['a', 'b', 'c'].forEach((name, i) => {
      feeds.setRss(`/${name}.xml`, { title: name, link: `https://${name}.example/`, items: [copies[i]!, old] });
    });
    const articleIds: number[] = [];
    for (const id of feedIds) {
      const outcome = await pollFeed(w1, id);
      if (outcome.status !== 'polled') throw new Error(`poll failed: ${outcome.status}`);
      articleIds.push(...outcome.newArticleIds);
    }
    expect(articleIds).toHaveLength(3);

    // The LLM answers slowly, so all three summarize jobs overlap while the first is waiting for it.
    openai.respondWith((request) => ({ ...reply.text(defaultSummaryContent(request.body)), delayMs: 300 }));
    const results = await Promise.all(articleIds.map((id, i) => summarizeArticle(i % 2 === 0 ? w1 : w2, id)));
    expect(results.flatMap((r) => r.channelIds)).toHaveLength(CHANNELS);

    const chats = openai.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats).toHaveLength(1);
    const articles = await Promise.all(articleIds.map((id) => store.articles.get(id)));
    expect(new Set(articles.map((a) => a?.storyKey)).size).toBe(1);

    for (let i = 0; i < CHANNELS; i++) await deliverChannel(i % 2 === 0 ? w1 : w2, channelId(i));
    expect(poster.posts).toHaveLength(CHANNELS);
    expect(new Set(poster.posts.map((p) => p.channelId)).size).toBe(CHANNELS);
    expect(openai.requests).toHaveLength(1);
    const usage = await store.usage.since('2000-01-01');
    expect(usage.usage).toMatchObject([{ model: 'fake-model', calls: 1 }]);
    expect(usage.events).toContainEqual(expect.objectContaining({ kind: 'llm', count: 1 }));
  });
});
