import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/search/query.js';
import type { ArchiveSearchRequest } from '../../../src/search/types.js';
import type { Store } from '../../../src/store/store.js';
import { testSummary } from '../../support/summary.js';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  MINUTE,
  newArticle,
  newFeed,
  T0,
  useFixture,
} from './harness.js';

const summary = (headline: string, text: string, language = 'en') => testSummary(headline, { summary: text, language });

function request(query: string, overrides: Partial<ArchiveSearchRequest> = {}): ArchiveSearchRequest {
  return { guildId: null, query: parseQuery(query, T0), limit: 10, offset: 0, now: T0, countLimit: 100, ...overrides };
}

const ids = async (store: Store, query: string, overrides: Partial<ArchiveSearchRequest> = {}) =>
  (await store.search.query(request(query, overrides))).rows.map((r) => r.articleId).sort((a, b) => a - b);

/** Two feeds, each followed by its own guild, with articles about typhoons and one about chips. */
async function seed(store: Store) {
  const a = await store.feeds.upsert(newFeed('https://a.example/', { title: 'Feed A' }));
  const b = await store.feeds.upsert(newFeed('https://b.example/', { title: 'Feed B' }));
  await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: a.id, mentionRoleId: null }, T0);
  await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: b.id, mentionRoleId: null }, T0);
  const [typhoonA, chips] = await store.articles.insert(
    a.id,
    [
      newArticle('t1', { title: 'Typhoon warning issued', contentText: 'A typhoon nears the coast.' }),
      newArticle('c1', { title: 'Chip exports rise', contentText: 'Semiconductors sell well.' }),
    ],
    'seen',
    T0 - 2 * MINUTE,
  );
  const [typhoonB] = await store.articles.insert(
    b.id,
    [newArticle('t2', { title: 'Typhoon lifts', contentText: 'The typhoon moved on.', publishedAt: T0 - MINUTE })],
    'seen',
    T0 - MINUTE,
  );
  return { a, b, typhoonA: typhoonA!, chips: chips!, typhoonB: typhoonB! };
}

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('search repository on $name', (adapter) => {
  const coverage = coverageOf('search');
  const fx = useFixture(adapter, coverage);

  it('finds only what was indexed, skipping unknown ids, and only in the guild’s feeds', async () => {
    const { store } = fx();
    const { a, typhoonA, chips, typhoonB } = await seed(store);
    expect(await ids(store, 'typhoon')).toEqual([]);

    await store.search.index([typhoonA.id, typhoonB.id + 1000], T0);
    expect(await ids(store, 'typhoon')).toEqual([typhoonA.id]);
    await store.search.index([typhoonB.id, chips.id], T0);
    expect(await ids(store, 'typhoon')).toEqual([typhoonA.id, typhoonB.id]);
    expect(await ids(store, 'typhoon', { guildId: 'g1' })).toEqual([typhoonA.id]);
    expect(await ids(store, 'typhoon', { guildId: 'g3' })).toEqual([]);
    expect(await ids(store, 'semiconductors')).toEqual([chips.id]);

    const result = await store.search.query(request('typhoon warning', { guildId: 'g1' }));
    expect(result).toEqual({
      rows: [
        {
          articleId: typhoonA.id,
          feedId: a.id,
          feedTitle: 'Feed A',
          title: 'Typhoon warning issued',
          link: typhoonA.link,
          publishedAt: typhoonA.publishedAt,
          headline: null,
          summary: null,
          contentText: 'A typhoon nears the coast.',
        },
      ],
      total: 1,
      totalCapped: false,
    });
  });

  it('pages matches, counts them up to the count limit, and says when there were more', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const stored = await store.articles.insert(
      feed.id,
      Array.from({ length: 5 }, (_, i) =>
        newArticle(`k${i}`, { title: `Budget news ${i}`, publishedAt: T0 - i * MINUTE }),
      ),
      'seen',
      T0,
    );
    await store.search.index(
      stored.map((s) => s.id),
      T0,
    );
    const first = await store.search.query(request('budget', { limit: 2 }));
    const second = await store.search.query(request('budget', { limit: 2, offset: 2 }));
    const past = await store.search.query(request('budget', { limit: 2, offset: 10 }));
    expect(first).toMatchObject({ total: 5, totalCapped: false });
    expect([...first.rows, ...second.rows].map((r) => r.articleId)).toHaveLength(4);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.articleId)).size).toBe(4);
    // Equal relevance: the newest ranks first.
    expect(first.rows.map((r) => r.title)).toEqual(['Budget news 0', 'Budget news 1']);
    expect(past).toEqual({ rows: [], total: 5, totalCapped: false });
    expect(await store.search.query(request('budget', { limit: 2, countLimit: 3 }))).toMatchObject({
      total: 3,
      totalCapped: true,
    });
  });

  it('indexes a story’s summaries, given the story before it is stored, and shows the guild’s preferred one', async () => {
    const { store } = fx();
    const { typhoonA } = await seed(store);
    await store.stories.putSummary('story-t', 'en', 'standard', summary('Storm heads north', 'Ferries halted.'), T0);
    await store.stories.putSummary('story-t', 'zh-TW', 'brief', summary('颱風北上', '渡輪停航。', 'zh-TW'), T0 + 1);
    await store.search.index([typhoonA.id], T0, new Map([[typhoonA.id, 'story-t']]));
    expect(await ids(store, 'ferries')).toEqual([typhoonA.id]);
    expect(await ids(store, '渡輪')).toEqual([typhoonA.id]);

    await store.articles.setState(typhoonA.id, 'summarized', 'story-t');
    // No guild (or one without settings): the latest summary; a guild reading en/standard: that one.
    expect((await store.search.query(request('ferries'))).rows[0]).toMatchObject({ headline: '颱風北上' });
    await store.guilds.put({ guildId: 'g1', language: 'en', style: 'standard' }, T0);
    expect((await store.search.query(request('ferries', { guildId: 'g1' }))).rows[0]).toMatchObject({
      headline: 'Storm heads north',
      summary: 'Ferries halted.',
    });
  });

  it('indexes what was stored since the last call, in batches, and everything again after a reset', async () => {
    const { store } = fx();
    const { typhoonA, typhoonB } = await seed(store);
    expect(await store.search.indexPending(2, T0)).toBe(2);
    expect(await store.search.indexPending(2, T0)).toBe(1);
    expect(await store.search.indexPending(2, T0)).toBe(0);
    expect(await ids(store, 'typhoon')).toEqual([typhoonA.id, typhoonB.id]);

    const feed = await store.feeds.upsert(newFeed('https://c.example/'));
    const [late] = await store.articles.insert(feed.id, [newArticle('late', { title: 'Typhoon late' })], 'seen', T0);
    // Indexing an article on its own does not move the watermark past others.
    await store.search.index([late!.id], T0);
    expect(await store.search.indexPending(10, T0)).toBe(1);

    expect(await store.search.reset()).toBe(4);
    expect(await store.search.indexPending(10, T0)).toBe(4);
    expect(await store.search.indexPending(10, T0)).toBe(0);
    expect(await ids(store, 'typhoon')).toEqual([typhoonA.id, typhoonB.id, late!.id]);
  });

  it('reads what the index and the topic matcher see of an article, with its story’s summaries', async () => {
    const { store } = fx();
    const { a, typhoonA } = await seed(store);
    await store.stories.putSummary('story-t', 'source', 'standard', summary('Storm', 'Ferries halted.', 'EN-GB'), T0);

    const plain = await store.search.documentSource(typhoonA.id);
    expect(plain).toMatchObject({
      articleId: typhoonA.id,
      feedId: a.id,
      feedUrl: 'https://a.example/',
      feedTitle: 'Feed A',
      title: 'Typhoon warning issued',
      contentText: 'A typhoon nears the coast.',
      categories: [],
      publishedAt: typhoonA.publishedAt,
      createdAt: T0 - 2 * MINUTE,
      summaries: [],
    });
    expect(plain?.lang).toBe('en');

    const withStory = await store.search.documentSource(typhoonA.id, 'story-t');
    expect(withStory).toMatchObject({
      lang: 'en-gb',
      summaries: [{ headline: 'Storm', summary: 'Ferries halted.', keyPoints: [], topics: [], entities: [] }],
    });
    expect(await store.search.documentSource(typhoonA.id + 1000)).toBeNull();
  });

  itCalledEveryMethod(coverage);
});
