import { describe, expect, it } from 'vitest';
import { renderSearchPage } from '../../../src/discord/search-reply.js';
import { messages } from '../../../src/i18n/messages.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { COUNT_LIMIT, searchArchive } from '../../../src/search/archive.js';
import { parseQuery } from '../../../src/search/query.js';
import type { Store } from '../../../src/store/store.js';
import { testSummary } from '../../support/summary.js';
import {
  type Adapter,
  adaptersUnderTest,
  MINUTE,
  newArticle,
  newFeed,
  T0,
  useFixture,
} from '../store-contract/harness.js';

const DAY = 24 * 60 * MINUTE;
const NOW = T0 + DAY;

async function seed(store: Store) {
  const zh = await store.feeds.upsert(newFeed('https://dw.example/zh', { title: 'DW 中文', language: 'zh-TW' }));
  const en = await store.feeds.upsert(newFeed('https://news.example/en', { title: 'World News' }));
  const hidden = await store.feeds.upsert(newFeed('https://other.example/', { title: 'Other server' }));
  await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: zh.id, mentionRoleId: null }, T0);
  await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: en.id, mentionRoleId: null }, T0);
  await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: hidden.id, mentionRoleId: null }, T0);
  await store.articles.insert(
    zh.id,
    [
      newArticle('strait', { title: '台灣海峽局勢升溫', contentText: '德國外長關注台灣海峽的和平。', publishedAt: T0 }),
      newArticle('chips', { title: '半導體出口', contentText: '台積電的半導體產業持續成長。', publishedAt: T0 - DAY }),
      newArticle('conductor', { title: '超導體研究', contentText: '新的導體材料。', publishedAt: T0 - 2 * DAY }),
      newArticle('blinken', {
        title: '布林肯訪問北京',
        contentText: '美國國務卿布林肯抵達。',
        publishedAt: T0 - 3 * DAY,
      }),
    ],
    'seen',
    T0,
  );
  await store.articles.insert(
    en.id,
    [
      newArticle('climate', { title: 'Climate change summit opens', contentText: 'Leaders meet on climate change.' }),
      newArticle('sports', { title: 'Climate of the league', contentText: 'Sports fans and the climate change ad.' }),
      newArticle('change', { title: 'A change in the climate of talks', contentText: 'Diplomats talk.' }),
    ],
    'seen',
    T0,
  );
  await store.articles.insert(
    hidden.id,
    [newArticle('secret', { title: '台灣海峽 climate change secret', contentText: '只有另一個伺服器。' })],
    'seen',
    T0,
  );
  return { zh, en, hidden };
}

function searchContract(adapter: Adapter): void {
  const fx = useFixture(adapter);
  const search = (guildId: string | null, query: string, page = 1) =>
    searchArchive({ store: fx().store, now: () => NOW }, { guildId, query, page });
  const titles = async (guildId: string | null, query: string) =>
    (await search(guildId, query)).hits.map((h) => h.title);

  it('folds Traditional and Simplified: 台湾 finds 台灣, 台灣 finds 台灣海峽', async () => {
    await seed(fx().store);
    expect(await titles('g1', '台湾')).toEqual(['台灣海峽局勢升溫']);
    expect(await titles('g1', '台灣海峽')).toEqual(['台灣海峽局勢升溫']);
    expect(await titles('g1', '臺灣')).toEqual(['台灣海峽局勢升溫']);
  });

  it('matches CJK words as phrases: 半導體 does not match 導體 alone, 布林肯 is one name', async () => {
    await seed(fx().store);
    expect(await titles('g1', '半導體')).toEqual(['半導體出口']);
    expect((await titles('g1', '導體')).sort()).toEqual(['半導體出口', '超導體研究']);
    expect(await titles('g1', '布林肯')).toEqual(['布林肯訪問北京']);
    expect(await titles('g1', '林肯訪')).toEqual(['布林肯訪問北京']);
    expect(await titles('g1', '肯布林')).toEqual([]);
  });

  it('finds one-character queries anywhere in a CJK run, including its last character', async () => {
    await seed(fx().store);
    expect(await titles('g1', '溫')).toEqual(['台灣海峽局勢升溫']);
    expect((await titles('g1', '導')).sort()).toEqual(['半導體出口', '超導體研究']);
  });

  it('handles English phrases, exclusions and OR', async () => {
    await seed(fx().store);
    expect((await titles('g1', '"climate change"')).sort()).toEqual([
      'Climate change summit opens',
      'Climate of the league',
    ]);
    expect(await titles('g1', '"climate change" -sports')).toEqual(['Climate change summit opens']);
    expect((await titles('g1', 'CLIMATE change')).length).toBe(3);
    expect((await titles('g1', 'summit OR diplomats')).sort()).toEqual([
      'A change in the climate of talks',
      'Climate change summit opens',
    ]);
  });

  it('never shows another server’s articles; without a guild it searches every feed', async () => {
    await seed(fx().store);
    expect(await titles('g1', 'secret')).toEqual([]);
    expect(await titles('g2', 'climate')).toEqual(['台灣海峽 climate change secret']);
    expect(await titles('g3', 'climate')).toEqual([]);
    expect((await search(null, 'climate')).total).toBe(4);
  });

  it('applies feed:, lang:, since: and before: filters', async () => {
    await seed(fx().store);
    expect((await search('g1', 'climate feed:world')).total).toBe(3);
    expect((await search('g1', 'climate feed:dw')).total).toBe(0);
    expect(await titles('g1', '導體 lang:zh since:2023-11-13 before:2023-11-15')).toEqual(['半導體出口']);
    expect((await search('g1', 'climate lang:zh')).total).toBe(0);
    expect((await search('g1', '導體 since:2d')).total).toBe(1);
  });

  it('pages five at a time with a total, and a page past the end gives the last page', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://many.example/', { title: 'Many' }));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    await store.articles.insert(
      feed.id,
      Array.from({ length: 12 }, (_, i) =>
        newArticle(`m${i}`, { title: `Election update ${i}`, publishedAt: T0 - i * MINUTE }),
      ),
      'seen',
      T0,
    );
    const first = await search('g1', 'election');
    expect(first).toMatchObject({ total: 12, page: 1, pages: 3 });
    expect(first.hits.map((h) => h.title)).toEqual([0, 1, 2, 3, 4].map((i) => `Election update ${i}`));
    const last = await search('g1', 'election', 9);
    expect(last.page).toBe(3);
    expect(last.hits.map((h) => h.title)).toEqual(['Election update 10', 'Election update 11']);
  });

  it('counts up to 200 matches, says "200+" past that, and pages up to the 40th page', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://busy.example/', { title: 'Busy' }));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    await store.articles.insert(
      feed.id,
      Array.from({ length: COUNT_LIMIT + 3 }, (_, i) =>
        newArticle(`b${i}`, { title: `Budget vote ${i}`, publishedAt: T0 - i * MINUTE }),
      ),
      'seen',
      T0,
    );
    const first = await search('g1', 'budget');
    expect(first).toMatchObject({ total: COUNT_LIMIT, totalCapped: true, page: 1, pages: COUNT_LIMIT / 5 });
    expect(first.hits.map((h) => h.title)).toEqual([0, 1, 2, 3, 4].map((i) => `Budget vote ${i}`));
    expect(renderSearchPage('budget', first, messages('en-US')).content.split('\n')[0]).toBe(
      '**Results for “budget”** — page 1 of 40+ (200+ articles)',
    );
    const past = await search('g1', 'budget', 500);
    expect(past).toMatchObject({ total: COUNT_LIMIT, totalCapped: true, page: 40, pages: 40 });
    expect(past.hits.map((h) => h.title)).toEqual([195, 196, 197, 198, 199].map((i) => `Budget vote ${i}`));
    expect(await search('g1', '"budget vote 7"')).toMatchObject({ total: 1, totalCapped: false, pages: 1 });
    const exact = await store.search.query({
      guildId: 'g1',
      query: parseQuery('budget', NOW),
      limit: 5,
      offset: 0,
      now: NOW,
      countLimit: 2_000,
    });
    expect(exact).toMatchObject({ total: COUNT_LIMIT + 3, totalCapped: false });
  });

  it('returns headline, feed, date, link and a snippet around the match', async () => {
    const { store } = fx();
    await seed(store);
    const [hit] = (await search('g1', '和平')).hits;
    expect(hit).toMatchObject({ title: '台灣海峽局勢升溫', feedTitle: 'DW 中文', publishedAt: T0, headline: null });
    expect(hit?.link).toBe('https://example.com/strait');
    expect(hit?.snippet).toContain('和平');
  });

  it('answers a malformed query with a UserError, never an SQL error', async () => {
    await seed(fx().store);
    await expect(search('g1', '"open')).rejects.toThrow(UserError);
    await expect(search('g1', 'open"')).rejects.toThrow(UserError);
    await expect(search('g1', 'a OR')).rejects.toThrow(UserError);
    expect((await search('g1', `x" OR 1=1; -- NEAR( * ^ : '"`)).total).toBe(0);
    expect((await search('g1', `x OR 1=1; -- NEAR( * ^ : '`)).total).toBe(0);
  });

  it('indexes summaries of the article’s story once it is summarized', async () => {
    const { store } = fx();
    const { zh } = await seed(store);
    const [article] = await store.articles.latest(zh.id, 4).then((a) => a.filter((x) => x.itemKey === 'blinken'));
    expect(await titles('g1', 'diplomacy')).toEqual([]);
    await store.stories.putSummary(
      'story-b',
      'en',
      'standard',
      testSummary('Blinken in Beijing', {
        summary: 'A diplomacy visit.',
        topics: ['diplomacy'],
        source: 'llm',
        model: 'm',
      }),
      T0,
    );
    await store.search.index([article!.id], NOW, new Map([[article!.id, 'story-b']]));
    await store.articles.setState(article!.id, 'summarized', 'story-b');
    const page = await search('g1', 'diplomacy');
    expect(page.hits).toMatchObject([{ title: '布林肯訪問北京', headline: 'Blinken in Beijing' }]);
    expect(page.hits[0]?.snippet).toBe('A diplomacy visit.');
  });

  it('files a Simplified report of a story first told in Traditional under its own script for lang:', async () => {
    const { store } = fx();
    const { zh } = await seed(store);
    await store.articles.insert(
      zh.id,
      [
        newArticle('strait-cn', {
          title: '台湾海峡局势升温',
          contentText: '德国外长关注台湾海峡的和平。',
          publishedAt: T0,
        }),
      ],
      'seen',
      T0,
    );
    const all = await store.articles.latest(zh.id, 10);
    const ids = (keys: string[]) => all.filter((a) => keys.includes(a.itemKey)).map((a) => a.id);
    await store.stories.putSummary(
      'story-strait',
      'source',
      'standard',
      testSummary('台灣海峽局勢升溫', {
        summary: '德國外長關注台灣海峽。',
        language: 'zh-TW',
        source: 'llm',
        model: 'm',
      }),
      T0,
    );
    const [traditional, simplified] = [ids(['strait'])[0]!, ids(['strait-cn'])[0]!];
    const story = new Map([
      [traditional, 'story-strait'],
      [simplified, 'story-strait'],
    ]);
    await store.search.index([traditional, simplified], NOW, story);
    for (const id of [traditional, simplified]) await store.articles.setState(id, 'summarized', 'story-strait');
    expect(await titles('g1', '海峡 lang:zh-CN')).toEqual(['台湾海峡局势升温']);
    expect(await titles('g1', '海峡 lang:zh-TW')).toEqual(['台灣海峽局勢升溫']);
    expect((await titles('g1', '海峡 lang:zh')).sort()).toEqual(['台湾海峡局势升温', '台灣海峽局勢升溫']);
  });

  it('drops an article from the index when it is deleted, and rebuilds the index after a reset', async () => {
    const { store, db } = fx();
    await seed(store);
    expect((await search('g1', '台灣')).total).toBe(1);
    const tables = db.tables();
    await tables.deleteFrom('articles').where('item_key', '=', 'strait').execute();
    expect((await search('g1', '台灣')).total).toBe(0);
    const count = await tables
      .selectFrom('article_search')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(7);
    expect(await store.search.reset()).toBe(7);
    expect(await store.search.indexPending(100, NOW)).toBe(7);
    expect(await store.search.indexPending(100, NOW)).toBe(0);
    expect((await search('g1', '布林肯')).total).toBe(1);
  });
}

describe.each(adaptersUnderTest())('archive search on $name', searchContract);
