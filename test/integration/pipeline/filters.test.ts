import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createRest, createRestPoster } from '../../../src/discord/poster.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { addTopicSubscription } from '../../../src/pipeline/summarize/topics.js';
import { addMentionRule } from '../../../src/pipeline/use-cases/filters.js';
import { subscribeToFeed } from '../../../src/pipeline/use-cases/subscriptions-admin.js';
import type { NewArticle, Store } from '../../../src/store/store.js';
import { createSummarizer } from '../../../src/summarize/summarizer.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';
import { type Adapter, adaptersUnderTest, newArticle, newFeed, useFixture } from '../store-contract/harness.js';

const TOKEN = 'fake.bot-token.for-filters';
const GUILD = '1200000000000000001';
const NEWS = '1300000000000000001';
const TAIWAN = '1300000000000000002';
const MARKETS = '1300000000000000003';
const ROLE_ALL = '1500000000000000001';
const ROLE_TAIWAN = '1500000000000000002';
const ROLE_MARKETS = '1500000000000000003';
const ROLE_STORMS = '1500000000000000004';
const ROLE_SPORTS = '1500000000000000005';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);

let discord: FakeDiscord;
// One fake Discord per test: it deduplicates nonces, which derive from delivery ids, and each test's database starts
// its ids afresh.
beforeEach(async () => {
  discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: '1100000000000000009',
    guilds: [
      {
        id: GUILD,
        name: 'Newsroom',
        channels: [
          { id: NEWS, name: 'news', type: 0 },
          { id: TAIWAN, name: 'taiwan', type: 0 },
          { id: MARKETS, name: 'markets', type: 0 },
        ],
        roles: [ROLE_ALL, ROLE_TAIWAN, ROLE_MARKETS, ROLE_STORMS, ROLE_SPORTS].map((id) => ({
          id,
          name: `role-${id.slice(-1)}`,
          mentionable: true,
        })),
      },
    ],
  });
});
afterEach(async () => {
  await discord?.close();
});

/** What the LLM would have said of a story: its topic labels and named entities. */
interface Said {
  topics?: string[];
  entities?: string[];
}

function filtersOn(adapter: Adapter): void {
  const fx = useFixture(adapter);
  const log = createLogger('silent');
  let now = T0;
  const deps = () => ({
    store: fx().store,
    now: () => now,
    log,
    config: loadConfig({ ARTICLE_FETCH_FULL_TEXT: 'false' }),
    summarizer: createSummarizer({ llm: null, log }),
    publisher: createDiscordPublisher({ poster: createRestPoster(createRest(TOKEN, discord.apiUrl)) }),
    metrics: createMetrics(),
  });

  async function feed(store: Store, url: string) {
    return store.feeds.upsert(newFeed(url, { title: 'Wire' }));
  }

  /**
   * An article found by a poll (pending deliveries made for the feed's subscriptions, as the poll stage does), whose
   * story the LLM summarized as `said`, then run through the summarize stage: returns its id.
   */
  async function arrive(feedId: number, key: string, item: Partial<NewArticle>, said: Said = {}) {
    const { store } = fx();
    const [row] = await store.articles.insert(feedId, [newArticle(key, { publishedAt: now, ...item })], 'new', now);
    await store.articles.setState(row!.id, 'new', `story-${key}`);
    await store.stories.putSummary(
      `story-${key}`,
      'zh-TW',
      'standard',
      {
        headline: item.title ?? key,
        summary: 'Summary.',
        keyPoints: [],
        topics: said.topics ?? [],
        entities: said.entities ?? [],
        language: 'zh-TW',
        kind: 'news',
        source: 'llm',
        model: 'm',
      },
      now,
    );
    await store.deliveries.createForSubscriptions(row!.id, now);
    await summarizeArticle(deps() as never, row!.id);
    return row!.id;
  }

  /** Delivers a channel and returns the messages this run posted there. */
  async function deliver(channelId: string) {
    const before = discord.messages(channelId).length;
    await deliverChannel(deps() as never, channelId);
    return discord.messages(channelId).slice(before);
  }

  const delivery = async (articleId: number, channelId: string) =>
    (await fx().store.deliveries.ofArticle(articleId)).find((d) => d.channelId === channelId);

  it('posts once per channel with every matching role: the feed’s, two mention rules’ filters, and a topic’s', async () => {
    const { store } = fx();
    const wire = await feed(store, 'https://wire.example/roles');
    const sub = await subscribeToFeed(deps(), {
      guildId: GUILD,
      channelId: NEWS,
      feedId: wire.id,
      mentionRoleId: ROLE_ALL,
      maxPerHour: null,
      channelType: 0,
    });
    await addMentionRule(deps(), { guildId: GUILD, ref: String(sub.id), roleId: ROLE_TAIWAN, filter: 'entity:臺灣' });
    await addMentionRule(deps(), {
      guildId: GUILD,
      ref: String(sub.id),
      roleId: ROLE_MARKETS,
      filter: 'topic:business OR category:markets',
    });
    // Two topic subscriptions of the same channel: one matches (its role joins the post), one does not.
    const storms = await addTopicSubscription(deps(), {
      guildId: GUILD,
      channelId: NEWS,
      feedId: null,
      query: 'title:颱風',
      mentionRoleId: ROLE_STORMS,
    });
    await addTopicSubscription(deps(), {
      guildId: GUILD,
      channelId: NEWS,
      feedId: null,
      query: 'topic:sports',
      mentionRoleId: ROLE_SPORTS,
    });
    await addMentionRule(deps(), {
      guildId: GUILD,
      ref: `t${storms.id}`,
      roleId: ROLE_SPORTS,
      filter: 'author:nobody',
    });

    const typhoon = await arrive(
      wire.id,
      'typhoon',
      { title: '颱風逼近台灣 @everyone', categories: ['Markets'] },
      { topics: ['weather'], entities: ['台湾', '中央氣象署'] },
    );
    const quiet = await arrive(wire.id, 'quiet', { title: 'Rain in Berlin' }, { topics: ['weather'] });
    const posted = await deliver(NEWS);
    expect(posted).toHaveLength(2);
    expect(posted[0]!.allowed_mentions).toEqual({
      parse: [],
      roles: [ROLE_ALL, ROLE_TAIWAN, ROLE_MARKETS, ROLE_STORMS],
    });
    expect(posted[0]!.mention_roles).toEqual([ROLE_ALL, ROLE_TAIWAN, ROLE_MARKETS, ROLE_STORMS]);
    expect(posted[0]!.content).toBe(`<@&${ROLE_ALL}> <@&${ROLE_TAIWAN}> <@&${ROLE_MARKETS}> <@&${ROLE_STORMS}>`);
    expect(posted[1]!.allowed_mentions).toEqual({ parse: [], roles: [ROLE_ALL] });
    expect(await delivery(typhoon, NEWS)).toMatchObject({ state: 'sent', subscriptionId: sub.id });
    expect((await store.deliveries.ofArticle(typhoon)).filter((d) => d.channelId === NEWS)).toHaveLength(1);
    expect(await delivery(quiet, NEWS)).toMatchObject({ state: 'sent' });
    expect(await deliver(NEWS)).toEqual([]);
  });

  it('records what a feed filter excludes as skipped with its clause, and never re-posts after the filter changes', async () => {
    const { store } = fx();
    const wire = await feed(store, 'https://wire.example/filters');
    const subscribe = (filter: string | null) =>
      subscribeToFeed(deps(), {
        guildId: GUILD,
        channelId: TAIWAN,
        feedId: wire.id,
        mentionRoleId: null,
        maxPerHour: null,
        channelType: 0,
        filter,
      });
    await subscribe('entity:台灣 -title:/(?i)sponsor(ed)?|廣告/ -link:ads.example');
    const kept = await arrive(
      wire.id,
      'kept',
      { title: '台灣選舉結果出爐', link: 'https://news.example/a' },
      {
        entities: ['臺灣'],
      },
    );
    const ad = await arrive(
      wire.id,
      'ad',
      { title: '台灣旅遊廣告', link: 'https://news.example/b' },
      {
        entities: ['台灣'],
      },
    );
    const elsewhere = await arrive(wire.id, 'elsewhere', { title: '日本選舉' }, { entities: ['日本'] });
    const adHost = await arrive(
      wire.id,
      'host',
      { title: '台灣新聞', link: 'https://www.ads.example/x' },
      {
        entities: ['台灣'],
      },
    );
    expect((await deliver(TAIWAN)).map((m) => m.embeds[0]?.title)).toEqual(['台灣選舉結果出爐']);
    expect(await delivery(kept, TAIWAN)).toMatchObject({ state: 'sent' });
    expect(await delivery(ad, TAIWAN)).toMatchObject({
      state: 'skipped',
      error: 'filter: -title:/(?i)sponsor(ed)?|廣告/',
    });
    expect(await delivery(elsewhere, TAIWAN)).toMatchObject({ state: 'skipped', error: 'filter: entity:台灣' });
    expect(await delivery(adHost, TAIWAN)).toMatchObject({ state: 'skipped', error: 'filter: -link:ads.example' });

    // A filter that would now let the old articles through changes nothing for them: only later articles follow it.
    now += HOUR;
    await subscribe('entity:日本 OR entity:台灣');
    expect(await deliver(TAIWAN)).toEqual([]);
    const later = await arrive(wire.id, 'later', { title: '日本地震' }, { entities: ['日本'] });
    expect((await deliver(TAIWAN)).map((m) => m.embeds[0]?.title)).toEqual(['日本地震']);
    expect(await delivery(later, TAIWAN)).toMatchObject({ state: 'sent' });
    for (const id of [ad, elsewhere, adHost]) expect((await delivery(id, TAIWAN))?.state).toBe('skipped');
    // And removing it posts the next article whatever it says, still not the old ones.
    await subscribe(null);
    await arrive(wire.id, 'any', { title: 'Weather' });
    expect((await deliver(TAIWAN)).map((m) => m.embeds[0]?.title)).toEqual(['Weather']);
  });

  it('matches topic subscriptions with field terms, and skips items older than an age cutoff as age: Nh', async () => {
    const { store } = fx();
    const wire = await feed(store, 'https://wire.example/age');
    await subscribeToFeed(deps(), {
      guildId: GUILD,
      channelId: NEWS,
      feedId: wire.id,
      mentionRoleId: null,
      maxPerHour: null,
      channelType: 0,
      maxAgeHours: 24,
    });
    await addTopicSubscription(deps(), {
      guildId: GUILD,
      channelId: MARKETS,
      feedId: null,
      query: 'topic:business -author:"press office"',
      mentionRoleId: ROLE_MARKETS,
      maxAgeHours: 2,
    });
    now = T0 + 100 * HOUR;
    const fresh = await arrive(
      wire.id,
      'fresh',
      { title: 'Chips rally', author: 'Lee', publishedAt: now - HOUR },
      {
        topics: ['business'],
      },
    );
    const resurfaced = await arrive(
      wire.id,
      'old',
      { title: 'Old chips news', publishedAt: now - 30 * HOUR },
      {
        topics: ['business'],
      },
    );
    const press = await arrive(
      wire.id,
      'press',
      { title: 'Earnings', author: 'Press Office', publishedAt: now },
      {
        topics: ['business'],
      },
    );
    const hoursOld = await arrive(
      wire.id,
      'hours',
      { title: 'Ports busy', publishedAt: now - 3 * HOUR },
      {
        topics: ['business'],
      },
    );
    const undated = await arrive(wire.id, 'undated', { title: 'Undated', publishedAt: null });

    expect(await delivery(resurfaced, NEWS)).toMatchObject({ state: 'skipped', error: 'age: 24h' });
    expect(await delivery(resurfaced, MARKETS)).toMatchObject({ state: 'skipped', error: 'age: 2h' });
    expect(await delivery(hoursOld, MARKETS)).toMatchObject({ state: 'skipped', error: 'age: 2h' });
    expect(await delivery(press, MARKETS)).toBeUndefined();
    expect(await delivery(undated, NEWS)).toMatchObject({ state: 'pending' });

    const markets = await deliver(MARKETS);
    expect(markets.map((m) => m.embeds[0]?.title)).toEqual(['Chips rally']);
    expect(markets[0]!.allowed_mentions).toEqual({ parse: [], roles: [ROLE_MARKETS] });
    expect(await delivery(fresh, MARKETS)).toMatchObject({ state: 'sent' });
    const news = await deliver(NEWS);
    expect(news.map((m) => m.embeds[0]?.title).sort()).toEqual(['Chips rally', 'Earnings', 'Ports busy', 'Undated']);
  });
}

describe.each(adaptersUnderTest())('filters, mentions and age cutoffs on $name', filtersOn);
