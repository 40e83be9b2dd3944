import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { addTopicSubscription } from '../../../src/pipeline/summarize/topics.js';
import { changeSettings } from '../../../src/pipeline/use-cases/settings.js';
import { searchArchive } from '../../../src/search/archive.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { defaultSummaryContent, type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { databases, recordingPoster, testDeps } from './harness.js';

const SKIPS = { guild: '700000000000000001', channel: '800000000000000001' };
const POSTS = { guild: '700000000000000002', channel: '800000000000000002' };
const TOPIC_CHANNEL = '800000000000000003';

const seen = { guid: 'urn:seen', title: 'Old story', link: 'https://news.example/old', description: '<p>Old.</p>' };
const news = {
  guid: 'urn:news',
  title: 'Ports slow down as ships avoid the strait',
  link: 'https://news.example/ports',
  description: '<p>Ships wait outside the ports. Freight rates rise again. Officials expect more delays.</p>',
};
const advert = {
  guid: 'urn:ad',
  title: 'Sponsored: a cruise for two',
  link: 'https://news.example/cruise',
  description: '<p>Book a cruise now and travel in style. Prices start low. Offer ends soon.</p>',
};
const chinese = {
  guid: 'urn:zh',
  title: '美國國務卿會晤中國外長',
  link: 'https://news.example/zh',
  description: '<p>美國國務卿週五在北京會晤中國外長，雙方舉行長時間會談。</p>',
};

describe.each(databases)('closed-list topics, named entities and filler on $name', (database) => {
  let openai: FakeOpenAiServer;
  let feeds: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;
  let feedId: number;
  const poster = recordingPoster();

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    feeds = await startFeedServer();
    db = await database.open();
    deps = await testDeps(
      db.url,
      {
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.baseURL,
        OPENAI_MODEL: 'fake-model',
        LLM_TOPICS: 'Business, Travel, Politics',
        ARTICLE_FETCH_FULL_TEXT: 'false',
      },
      { publisher: createDiscordPublisher({ poster }) },
    );
    const now = deps.now();
    feeds.setRss('/feed.xml', { title: 'Wire', link: 'https://news.example/', items: [seen] });
    const feed = await deps.store.feeds.upsert({
      url: feeds.url('/feed.xml'),
      title: 'Wire',
      siteLink: null,
      language: null,
      intervalSeconds: 600,
      nextPollAt: now,
    });
    feedId = feed.id;
    for (const { guild, channel } of [SKIPS, POSTS]) {
      await deps.store.subscriptions.create({ guildId: guild, channelId: channel, feedId, mentionRoleId: null }, now);
    }
    expect(await pollFeed(deps, feedId)).toMatchObject({ status: 'polled', newArticleIds: [] });
  });
  afterAll(async () => {
    await deps?.store.close();
    await Promise.all([openai?.close(), feeds?.close()]);
    await db?.dispose();
  });
  beforeEach(() => {
    openai.requests.length = 0;
    openai.respondWith([]);
    poster.posts.length = 0;
  });

  /** Polls the feed with `items` added and summarizes the new articles; returns their ids in the order of `items`. */
  async function arrive(...items: Array<typeof news>): Promise<number[]> {
    feeds.setRss('/feed.xml', { title: 'Wire', link: 'https://news.example/', items: [...items, seen] });
    const polled = await pollFeed(deps, feedId);
    if (polled.status !== 'polled') throw new Error(`poll failed: ${polled.status}`);
    const titles = new Map<string, number>();
    for (const id of polled.newArticleIds) {
      await summarizeArticle(deps, id);
      titles.set((await deps.store.articles.get(id))!.title, id);
    }
    return items.map((item) => titles.get(item.title)!);
  }

  const summaryOf = async (articleId: number) => {
    const article = await deps.store.articles.get(articleId);
    return deps.store.stories.getSummary(article!.storyKey!, 'source', 'standard', deps.summarizer.variant);
  };

  it('stores a filler reply as filler, and skips it only for the server that set filler:skip', async () => {
    await changeSettings(deps, SKIPS.guild, { filler: 'skip' });
    const [newsId, advertId] = await arrive(news, advert);

    expect(await summaryOf(advertId!)).toMatchObject({ kind: 'filler', source: 'llm', topics: ['Travel'] });
    expect(await summaryOf(newsId!)).toMatchObject({ kind: 'news', source: 'llm' });
    // One request per story: the two servers read the same language and style.
    expect(openai.requests).toHaveLength(2);

    expect(await deliverChannel(deps, SKIPS.channel)).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
    expect(await deliverChannel(deps, POSTS.channel)).toMatchObject({ sent: 2, failed: 0 });
    const titles = (channel: string) =>
      poster.posts.filter((p) => p.channelId === channel).map((p) => JSON.stringify(p.body));
    expect(titles(SKIPS.channel)).toHaveLength(1);
    expect(titles(SKIPS.channel)[0]).toContain(news.title);
    expect(titles(POSTS.channel).join('\n')).toContain(advert.title);

    const deliveries = await deps.store.deliveries.ofArticle(advertId!);
    expect(deliveries.map((d) => [d.channelId, d.state, d.error, d.messageId])).toEqual([
      [SKIPS.channel, 'skipped', 'filler', null],
      [POSTS.channel, 'sent', null, expect.any(String)],
    ]);
    // Nothing is left pending: another run posts nothing and skips nothing.
    expect(await deliverChannel(deps, SKIPS.channel)).toEqual({ sent: 0, failed: 0, waiting: false });
    expect(poster.posts).toHaveLength(3);
  });

  it('indexes entities and closed-list topics, so search and topic subscriptions find what the text does not say', async () => {
    await addTopicSubscription(deps, {
      guildId: POSTS.guild,
      channelId: TOPIC_CHANNEL,
      feedId: null,
      query: 'blinken',
      mentionRoleId: null,
    });
    openai.respondWith((request) => {
      const content = JSON.parse(defaultSummaryContent(request.body)) as Record<string, unknown>;
      return {
        content: JSON.stringify({
          ...content,
          topics: ['politics', 'diplomacy'],
          entities: ['Antony Blinken', '王毅'],
        }),
      };
    });
    const [id] = await arrive(chinese);

    expect(await summaryOf(id!)).toMatchObject({ topics: ['Politics'], entities: ['Antony Blinken', '王毅'] });
    const deliveries = await deps.store.deliveries.ofArticle(id!);
    expect(deliveries.map((d) => d.channelId).sort()).toEqual([SKIPS.channel, POSTS.channel, TOPIC_CHANNEL].sort());

    const search = (query: string) => searchArchive(deps, { guildId: POSTS.guild, query });
    expect((await search('Blinken')).hits.map((h) => h.title)).toEqual([chinese.title]);
    expect((await search('politics')).hits.map((h) => h.title)).toEqual([chinese.title]);
    expect((await search('diplomacy')).total).toBe(0);
  });
});
