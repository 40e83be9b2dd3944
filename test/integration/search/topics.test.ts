import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { MessageBody, Poster } from '../../../src/discord/poster.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { fanOutArticle } from '../../../src/pipeline/summarize/fan-out.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { addTopicSubscription } from '../../../src/pipeline/summarize/topics.js';
import { createSummarizer } from '../../../src/summarize/summarizer.js';
import { type Adapter, adaptersUnderTest, newArticle, newFeed, T0, useFixture } from '../store-contract/harness.js';

function topicContract(adapter: Adapter): void {
  const fx = useFixture(adapter);
  const deps = () => ({ store: fx().store, now: () => T0, log: createLogger('silent') });
  /** Fans the article out (its story's summaries under `storyKey`); the channels with a pending delivery, sorted. */
  const fanOut = async (articleId: number, storyKey = `story-${articleId}`) => {
    const article = await fx().store.articles.get(articleId);
    return (await fanOutArticle(deps(), article!, storyKey)).sort();
  };

  async function seed() {
    const { store } = fx();
    const dw = await store.feeds.upsert(newFeed('https://dw.example/zh', { title: 'DW 中文' }));
    const other = await store.feeds.upsert(newFeed('https://other.example/', { title: 'Other' }));
    await store.subscriptions.create(
      { guildId: 'g1', channelId: 'feed-channel', feedId: dw.id, mentionRoleId: null },
      T0,
    );
    await store.subscriptions.create(
      { guildId: 'g2', channelId: 'g2-feed', feedId: other.id, mentionRoleId: null },
      T0,
    );
    const add = (guildId: string, channelId: string, query: string, feedId: number | null = null) =>
      addTopicSubscription(deps(), { guildId, channelId, feedId, query, mentionRoleId: null });
    const topics = {
      chips: await add('g1', 'chips', '台湾 半導體'),
      conductor: await add('g1', 'conductor', '半導體 -台灣'),
      otherFeed: await add('g1', 'other-feed', '台灣', other.id),
      sameChannel: await add('g1', 'feed-channel', '台灣'),
      otherServer: await add('g2', 'g2-topic', '台灣'),
      english: await add('g1', 'climate', 'climate -sports'),
    };
    return { dw, other, topics };
  }

  it('creates deliveries for the matching topics of servers that can see the article, once per channel', async () => {
    const { store, db } = fx();
    const { dw, topics } = await seed();
    const [article] = await store.articles.insert(
      dw.id,
      [newArticle('chips', { title: '台灣半導體出口創新高', contentText: '台積電。' })],
      'new',
      T0,
    );
    await store.deliveries.createForSubscriptions(article!.id, T0);
    const channels = await fanOut(article!.id);
    expect(channels).toEqual(['chips', 'feed-channel']);
    await fanOut(article!.id);
    const rows = await db
      .tables()
      .selectFrom('deliveries')
      .select(['channel_id', 'subscription_id', 'topic_subscription_id', 'guild_id', 'state'])
      .where('article_id', '=', article!.id)
      .orderBy('channel_id')
      .execute();
    expect(
      rows.map((r) => [r.channel_id, r.topic_subscription_id === null ? null : Number(r.topic_subscription_id)]),
    ).toEqual([
      ['chips', topics.chips.id],
      ['feed-channel', null],
    ]);
    expect(rows.every((r) => r.state === 'pending' && r.guild_id === 'g1')).toBe(true);
  });

  it('matches with the same normalization as search: 半導體 is not 導體, exclusions hold, summaries count', async () => {
    const { store } = fx();
    const { dw } = await seed();
    const [conductor, climate] = await store.articles.insert(
      dw.id,
      [
        newArticle('conductor', { title: '超導體研究', contentText: '導體材料。' }),
        newArticle('climate', { title: 'Summit opens', contentText: 'Leaders meet.' }),
      ],
      'new',
      T0,
    );
    // Only the feed's own subscription: no topic matches.
    expect(await fanOut(conductor!.id)).toEqual(['feed-channel']);
    await store.stories.putSummary(
      'story-c',
      'source',
      'standard',
      {
        headline: 'Climate summit',
        summary: 'Leaders discuss climate.',
        keyPoints: [],
        topics: ['climate'],
        entities: [],
        language: 'en',
        kind: 'news',
        source: 'llm',
        model: 'm',
      },
      T0,
    );
    expect(await fanOut(climate!.id, 'story-c')).toEqual(['climate', 'feed-channel']);
  });

  it('stores, lists and removes topic subscriptions per server', async () => {
    const { store } = fx();
    const { topics } = await seed();
    const again = await addTopicSubscription(deps(), {
      guildId: 'g1',
      channelId: 'chips',
      feedId: null,
      query: ' 台湾 半導體 ',
      mentionRoleId: null,
    });
    expect(again.id).toBe(topics.chips.id);
    expect((await store.topics.ofGuild('g1')).map((t) => t.query)).toEqual([
      '台湾 半導體',
      '半導體 -台灣',
      '台灣',
      '台灣',
      'climate -sports',
    ]);
    expect(await store.topics.remove('g2', topics.chips.id)).toBe(false);
    expect(await store.topics.remove('g1', topics.chips.id)).toBe(true);
    expect(await store.topics.ofGuild('g1')).toHaveLength(4);
    await expect(
      addTopicSubscription(deps(), {
        guildId: 'g1',
        channelId: 'x',
        feedId: null,
        query: '-only',
        mentionRoleId: null,
      }),
    ).rejects.toThrow(UserError);
  });

  it("posts a topic match with the topic subscription's role mention, and only that one", async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://dw.example/zh', { title: 'DW 中文' }));
    await store.subscriptions.create(
      { guildId: 'g1', channelId: 'feed-channel', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    await addTopicSubscription(deps(), {
      guildId: 'g1',
      channelId: 'chips',
      feedId: null,
      query: '半導體',
      mentionRoleId: '555',
    });
    const [article] = await store.articles.insert(
      feed.id,
      [newArticle('chips', { title: '台灣半導體出口創新高 @everyone', contentText: '台積電的出口創下新高。' })],
      'new',
      T0,
    );
    await store.articles.setState(article!.id, 'summarized', 'story-chips');
    expect(await fanOut(article!.id, 'story-chips')).toEqual(['chips', 'feed-channel']);

    const posts: MessageBody[] = [];
    const log = createLogger('silent');
    const poster: Poster = {
      async post(_channelId, body) {
        posts.push(body);
        return String(posts.length);
      },
    };
    const full = {
      ...deps(),
      config: loadConfig({ ARTICLE_FETCH_FULL_TEXT: 'false' }),
      summarizer: createSummarizer({ llm: null, log }),
      publisher: createDiscordPublisher({ poster }),
      metrics: createMetrics(),
    };
    // The summary is made by the summarize stage, which the deliver stage asks for it.
    expect(await deliverChannel(full, 'chips')).toEqual({
      sent: 0,
      failed: 0,
      waiting: true,
      summarize: [article!.id],
    });
    expect(await summarizeArticle(full, article!.id)).toEqual({ channelIds: ['feed-channel', 'chips'] });
    expect((await deliverChannel(full, 'chips')).sent).toBe(1);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.content).toBe('<@&555>');
    expect(posts[0]!.allowed_mentions).toEqual({ parse: [], roles: ['555'] });
  });
}

describe.each(adaptersUnderTest())('topic subscriptions on $name', topicContract);
