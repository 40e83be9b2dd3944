import { describe, expect, it } from 'vitest';
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

const CHINESE_TEXT = '德國總理默克爾週三表示，台灣海峽的和平與穩定符合各方利益。\n\n「我們密切關注局勢。」';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('article repository on $name', (adapter) => {
  const coverage = coverageOf('articles');
  const fx = useFixture(adapter, coverage);

  it('inserts only unseen items, returns them in the order given, and leaves stored ones untouched', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const first = await store.articles.insert(feed.id, [newArticle('k2'), newArticle('k1')], 'seen', T0);
    expect(first.map((a) => [a.itemKey, a.state, a.feedId, a.createdAt])).toEqual([
      ['k2', 'seen', feed.id, T0],
      ['k1', 'seen', feed.id, T0],
    ]);

    const items = [newArticle('k3'), newArticle('k1', { title: 'edited' }), newArticle('k0'), newArticle('k3')];
    const second = await store.articles.insert(feed.id, items, 'new', T0 + MINUTE);
    expect(second.map((a) => [a.itemKey, a.state])).toEqual([
      ['k3', 'new'],
      ['k0', 'new'],
    ]);
    const k1 = first[1];
    expect(k1 && (await store.articles.get(k1.id))).toEqual(k1);
    expect(await store.articles.insert(feed.id, items, 'new', T0)).toEqual([]);
    expect(await store.articles.insert(feed.id, [], 'new', T0)).toEqual([]);
  });

  it('keys items per feed, so another feed may store the same key', async () => {
    const { store } = fx();
    const a = await store.feeds.upsert(newFeed('https://a.example/'));
    const b = await store.feeds.upsert(newFeed('https://b.example/'));
    await store.articles.insert(a.id, [newArticle('same')], 'new', T0);
    expect(await store.articles.insert(b.id, [newArticle('same')], 'new', T0)).toHaveLength(1);
  });

  it('round-trips every field, Chinese text and categories included', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const item = newArticle('https://a.example/新聞/1', {
      guid: null,
      title: '默克爾：台灣海峽和平穩定符合各方利益',
      link: null,
      publishedAt: null,
      author: '德國之聲中文網',
      imageUrl: 'https://a.example/圖.jpg',
      contentText: CHINESE_TEXT,
      categories: ['國際', 'Deutschland', '"quoted"'],
    });
    const [stored] = await store.articles.insert(feed.id, [item], 'new', T0);
    const { key, ...fields } = item;
    expect(stored).toEqual({
      ...fields,
      id: stored?.id,
      feedId: feed.id,
      itemKey: key,
      storyKey: null,
      state: 'new',
      createdAt: T0,
    });
    expect(stored && (await store.articles.get(stored.id))).toEqual(stored);
    expect(await store.articles.get(9_999_999)).toBeNull();
  });

  it('lists the articles still new, oldest first, and changes states', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const other = await store.feeds.upsert(newFeed('https://b.example/'));
    await store.articles.insert(other.id, [newArticle('x')], 'new', T0);
    await store.articles.insert(feed.id, [newArticle('seen')], 'seen', T0);
    const [late, undated, early] = await store.articles.insert(
      feed.id,
      [
        newArticle('late', { publishedAt: T0 + 2 * MINUTE }),
        newArticle('undated', { publishedAt: null }),
        newArticle('early', { publishedAt: T0 - MINUTE }),
      ],
      'new',
      T0 + MINUTE,
    );
    expect((await store.articles.listNew(feed.id)).map((a) => a.itemKey)).toEqual(['early', 'undated', 'late']);

    await store.articles.setState(early!.id, 'summarized', 'story-1');
    await store.articles.setState(undated!.id, 'failed');
    expect(await store.articles.get(early!.id)).toMatchObject({ state: 'summarized', storyKey: 'story-1' });
    expect(await store.articles.get(undated!.id)).toMatchObject({ state: 'failed', storyKey: null });
    await store.articles.setState(early!.id, 'new');
    expect(await store.articles.get(early!.id)).toMatchObject({ state: 'new', storyKey: 'story-1' });
    expect((await store.articles.listNew(feed.id)).map((a) => a.id)).toEqual([early!.id, late!.id]);
  });

  it('gives an article without a picture its page’s, and never replaces one it has', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const [bare, pictured] = await store.articles.insert(
      feed.id,
      [newArticle('bare', { imageUrl: null }), newArticle('pictured', { imageUrl: 'https://a.example/feed.jpg' })],
      'new',
      T0,
    );
    expect(await store.articles.setImageUrl(bare!.id, 'https://a.example/og.jpg')).toBe(true);
    expect(await store.articles.get(bare!.id)).toMatchObject({ imageUrl: 'https://a.example/og.jpg', state: 'new' });
    expect(await store.articles.setImageUrl(bare!.id, 'https://a.example/other.jpg')).toBe(false);
    expect(await store.articles.setImageUrl(pictured!.id, 'https://a.example/og.jpg')).toBe(false);
    expect((await store.articles.get(bare!.id))?.imageUrl).toBe('https://a.example/og.jpg');
    expect((await store.articles.get(pictured!.id))?.imageUrl).toBe('https://a.example/feed.jpg');
    expect(await store.articles.setImageUrl(9_999_999, 'https://a.example/og.jpg')).toBe(false);
  });

  it('lists a feed’s latest articles, newest first, undated ones by their storage time', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    await store.articles.insert(
      feed.id,
      [
        newArticle('old', { publishedAt: T0 - 10 * MINUTE }),
        newArticle('undated', { publishedAt: null }),
        newArticle('new', { publishedAt: T0 + MINUTE }),
      ],
      'seen',
      T0,
    );
    expect((await store.articles.latest(feed.id, 10)).map((a) => a.itemKey)).toEqual(['new', 'undated', 'old']);
    expect((await store.articles.latest(feed.id, 1)).map((a) => a.itemKey)).toEqual(['new']);
  });
  it('finds articles a crash left in state new, stored before a time, oldest first, across feeds', async () => {
    const { store } = fx();
    const a = await store.feeds.upsert(newFeed('https://a.example/'));
    const b = await store.feeds.upsert(newFeed('https://b.example/'));
    const [late] = await store.articles.insert(a.id, [newArticle('late')], 'new', T0 + 2 * MINUTE);
    const [early] = await store.articles.insert(b.id, [newArticle('early')], 'new', T0);
    const [middle, done] = await store.articles.insert(
      a.id,
      [newArticle('middle'), newArticle('done')],
      'new',
      T0 + MINUTE,
    );
    await store.articles.insert(a.id, [newArticle('seen')], 'seen', T0);
    await store.articles.insert(a.id, [newArticle('fresh')], 'new', T0 + 10 * MINUTE);
    await store.articles.setState(done!.id, 'summarized', 'story');

    expect(await store.articles.staleNew(T0 + 5 * MINUTE, 10)).toEqual([early!.id, middle!.id, late!.id]);
    expect(await store.articles.staleNew(T0 + 5 * MINUTE, 2)).toEqual([early!.id, middle!.id]);
    expect(await store.articles.staleNew(T0, 10)).toEqual([]);
  });

  it('tells which keys, links and titles the feed has stored already, and the texts under those titles', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const other = await store.feeds.upsert(newFeed('https://b.example/'));
    await store.articles.insert(
      feed.id,
      [
        newArticle('k1', { link: 'https://a.example/1', title: '颱風警報', contentText: '今晚登陸' }),
        newArticle('k2', { link: null, title: '颱風警報', contentText: '明早解除' }),
        newArticle('k3', { link: 'https://a.example/3', title: 'Other' }),
      ],
      'seen',
      T0,
    );
    await store.articles.insert(
      other.id,
      [newArticle('k9', { link: 'https://a.example/9', title: 'Elsewhere' })],
      'seen',
      T0,
    );

    const found = await store.articles.matchExisting(feed.id, {
      keys: ['k1', 'k3', 'k9', 'k1', 'missing'],
      links: ['https://a.example/1', 'https://a.example/9', 'https://a.example/new'],
      titles: ['颱風警報', 'Elsewhere', 'Unknown'],
    });
    expect(found).toEqual({
      keys: new Set(['k1', 'k3']),
      links: new Set(['https://a.example/1']),
      titleTexts: new Set(['颱風警報\n\n今晚登陸', '颱風警報\n\n明早解除']),
    });
    // Past one statement's worth of values, every match is still found.
    const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
    const big = await store.articles.matchExisting(feed.id, { keys: [...many, 'k2'], links: [], titles: [] });
    expect(big.keys).toEqual(new Set(['k2']));
    expect(await store.articles.matchExisting(feed.id, { keys: [], links: [], titles: [] })).toEqual({
      keys: new Set(),
      links: new Set(),
      titleTexts: new Set(),
    });
  });

  itCalledEveryMethod(coverage);
});
