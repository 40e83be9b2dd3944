import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../src/domain.js';
import { type Adapter, MINUTE, newArticle, newFeed, T0, useFixture } from './harness.js';

const CHINESE_TEXT = '德國總理默克爾週三表示，台灣海峽的和平與穩定符合各方利益。\n\n「我們密切關注局勢。」';

/** Articles, summaries, guild settings and subscriptions. */
export function articleContract(adapter: Adapter): void {
  describe('articles', () => {
    const fx = useFixture(adapter);

    it('inserts only unseen items, returns them in the order given, and leaves stored ones untouched', async () => {
      const { store } = fx();
      const feed = await store.feeds.upsert(newFeed('https://a.example/'));
      const first = await store.insertArticles(feed.id, [newArticle('k2'), newArticle('k1')], 'seen', T0);
      expect(first.map((a) => [a.itemKey, a.state, a.feedId, a.createdAt])).toEqual([
        ['k2', 'seen', feed.id, T0],
        ['k1', 'seen', feed.id, T0],
      ]);

      const items = [newArticle('k3'), newArticle('k1', { title: 'edited' }), newArticle('k0'), newArticle('k3')];
      const second = await store.insertArticles(feed.id, items, 'new', T0 + MINUTE);
      expect(second.map((a) => [a.itemKey, a.state])).toEqual([
        ['k3', 'new'],
        ['k0', 'new'],
      ]);
      const k1 = first[1];
      expect(k1 && (await store.getArticle(k1.id))).toEqual(k1);
      expect(await store.insertArticles(feed.id, items, 'new', T0)).toEqual([]);
      expect(await store.insertArticles(feed.id, [], 'new', T0)).toEqual([]);
    });

    it('keys items per feed, so another feed may store the same key', async () => {
      const { store } = fx();
      const a = await store.feeds.upsert(newFeed('https://a.example/'));
      const b = await store.feeds.upsert(newFeed('https://b.example/'));
      await store.insertArticles(a.id, [newArticle('same')], 'new', T0);
      expect(await store.insertArticles(b.id, [newArticle('same')], 'new', T0)).toHaveLength(1);
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
      const [stored] = await store.insertArticles(feed.id, [item], 'new', T0);
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
      expect(stored && (await store.getArticle(stored.id))).toEqual(stored);
      expect(await store.getArticle(9_999_999)).toBeNull();
    });

    it('lists the articles still new, oldest first, and changes states', async () => {
      const { store } = fx();
      const feed = await store.feeds.upsert(newFeed('https://a.example/'));
      const other = await store.feeds.upsert(newFeed('https://b.example/'));
      await store.insertArticles(other.id, [newArticle('x')], 'new', T0);
      await store.insertArticles(feed.id, [newArticle('seen')], 'seen', T0);
      const [late, undated, early] = await store.insertArticles(
        feed.id,
        [
          newArticle('late', { publishedAt: T0 + 2 * MINUTE }),
          newArticle('undated', { publishedAt: null }),
          newArticle('early', { publishedAt: T0 - MINUTE }),
        ],
        'new',
        T0 + MINUTE,
      );
      expect((await store.listNewArticles(feed.id)).map((a) => a.itemKey)).toEqual(['early', 'undated', 'late']);

      await store.setArticleState(early!.id, 'summarized', 'story-1');
      await store.setArticleState(undated!.id, 'failed');
      expect(await store.getArticle(early!.id)).toMatchObject({ state: 'summarized', storyKey: 'story-1' });
      expect(await store.getArticle(undated!.id)).toMatchObject({ state: 'failed', storyKey: null });
      await store.setArticleState(early!.id, 'new');
      expect(await store.getArticle(early!.id)).toMatchObject({ state: 'new', storyKey: 'story-1' });
      expect((await store.listNewArticles(feed.id)).map((a) => a.id)).toEqual([early!.id, late!.id]);
    });

    it('lists a feed’s latest articles, newest first, undated ones by their storage time', async () => {
      const { store } = fx();
      const feed = await store.feeds.upsert(newFeed('https://a.example/'));
      await store.insertArticles(
        feed.id,
        [
          newArticle('old', { publishedAt: T0 - 10 * MINUTE }),
          newArticle('undated', { publishedAt: null }),
          newArticle('new', { publishedAt: T0 + MINUTE }),
        ],
        'seen',
        T0,
      );
      expect((await store.latestArticles(feed.id, 10)).map((a) => a.itemKey)).toEqual(['new', 'undated', 'old']);
      expect((await store.latestArticles(feed.id, 1)).map((a) => a.itemKey)).toEqual(['new']);
    });
  });

  describe('summaries', () => {
    const fx = useFixture(adapter);
    const summary: Summary = {
      headline: '默克爾呼籲維持台海和平',
      summary: CHINESE_TEXT,
      keyPoints: ['和平', '穩定'],
      topics: ['台灣', '德國'],
      entities: ['默克爾'],
      language: 'zh-TW',
      kind: 'news',
      source: 'llm',
      model: 'gpt-x',
    };

    it('stores one summary per story, language and style, and returns the first on a repeat', async () => {
      const { store } = fx();
      expect(await store.getSummary('s1', 'zh-TW', 'standard')).toBeNull();
      const stored = await store.putSummary('s1', 'zh-TW', 'standard', summary, T0);
      expect(stored).toMatchObject({
        ...summary,
        storyKey: 's1',
        requestedLanguage: 'zh-TW',
        style: 'standard',
        createdAt: T0,
      });
      const again = await store.putSummary('s1', 'zh-TW', 'standard', { ...summary, headline: 'other' }, T0 + 1);
      expect(again).toEqual(stored);
      expect(await store.getSummary('s1', 'zh-TW', 'standard')).toEqual(stored);

      const brief = await store.putSummary(
        's1',
        'zh-TW',
        'brief',
        { ...summary, source: 'extractive', model: null },
        T0,
      );
      const english = await store.putSummary('s1', 'en', 'standard', { ...summary, keyPoints: [] }, T0);
      expect(new Set([stored.id, brief.id, english.id]).size).toBe(3);
      expect(await store.getSummary('s1', 'zh-TW', 'brief')).toMatchObject({ source: 'extractive', model: null });
      expect(await store.getSummary('s1', 'en', 'standard')).toMatchObject({ keyPoints: [] });
    });
  });

  describe('guilds and subscriptions', () => {
    const fx = useFixture(adapter);

    it('stores and replaces guild settings', async () => {
      const { store } = fx();
      expect(await store.getGuildSettings('g1')).toBeNull();
      await store.putGuildSettings({ guildId: 'g1', language: 'zh-TW', style: 'brief' }, T0);
      await store.putGuildSettings({ guildId: 'g2', language: 'en', style: 'standard' }, T0);
      await store.putGuildSettings({ guildId: 'g1', language: 'source', style: 'detailed' }, T0 + 1);
      expect(await store.getGuildSettings('g1')).toEqual({ guildId: 'g1', language: 'source', style: 'detailed' });
      expect(await store.getGuildSettings('g2')).toEqual({ guildId: 'g2', language: 'en', style: 'standard' });
    });

    it('subscribes a channel to a feed once and lists a guild’s subscriptions with their feeds', async () => {
      const { db, store } = fx();
      const a = await store.feeds.upsert(newFeed('https://a.example/', { title: '德國之聲' }));
      const b = await store.feeds.upsert(newFeed('https://b.example/'));
      const sub = await store.subscribe({ guildId: 'g1', channelId: 'c1', feedId: a.id, mentionRoleId: 'r1' }, T0);
      expect(sub).toMatchObject({
        guildId: 'g1',
        channelId: 'c1',
        feedId: a.id,
        mentionRoleId: 'r1',
        pausedAt: null,
        createdAt: T0,
      });
      expect(
        await store.subscribe({ guildId: 'g1', channelId: 'c1', feedId: a.id, mentionRoleId: null }, T0 + 1),
      ).toEqual(sub);
      const second = await store.subscribe(
        { guildId: 'g1', channelId: 'c2', feedId: b.id, mentionRoleId: null },
        T0 + 1,
      );
      const elsewhere = await store.subscribe(
        { guildId: 'g2', channelId: 'c9', feedId: a.id, mentionRoleId: null },
        T0,
      );

      expect(await store.listSubscriptions('g1')).toEqual([
        { ...sub, feedUrl: a.url, feedTitle: '德國之聲' },
        { ...second, feedUrl: b.url, feedTitle: null },
      ]);
      expect(await store.listSubscriptions('g3')).toEqual([]);
      expect(await store.getSubscription(elsewhere.id)).toEqual(elsewhere);
      expect(await store.getSubscription(elsewhere.id + 1000)).toBeNull();

      await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', sub.id).execute();
      expect((await store.subscriptionsForFeed(a.id)).map((s) => s.id)).toEqual([elsewhere.id]);
      expect((await store.listSubscriptions('g1'))[0]?.pausedAt).toBe(T0);
    });
  });
}
