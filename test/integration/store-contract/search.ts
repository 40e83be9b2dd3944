import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { type Adapter, MINUTE, newArticle, newFeed, T0, useFixture } from './harness.js';

async function seed(store: Store) {
  const dw = await store.upsertFeed(newFeed('https://dw.example/', { title: 'DW 中文' }));
  const other = await store.upsertFeed(newFeed('https://other.example/', { title: 'Other' }));
  await store.subscribe({ guildId: 'g1', channelId: 'c1', feedId: dw.id, mentionRoleId: null }, T0);
  await store.subscribe({ guildId: 'g2', channelId: 'c2', feedId: other.id, mentionRoleId: null }, T0);
  const [strait, germany, percent, underscore] = await store.insertArticles(
    dw.id,
    [
      newArticle('strait', { title: '台灣海峽局勢', contentText: '德國關注台灣海峽。', publishedAt: T0 }),
      newArticle('germany', { title: 'Germany votes', contentText: 'The Bundestag voted.', publishedAt: T0 + MINUTE }),
      newArticle('percent', { title: 'Inflation at 100% in 2023', contentText: '', publishedAt: T0 - MINUTE }),
      newArticle('underscore', { title: 'file_name and back\\slash', contentText: '', publishedAt: T0 - 2 * MINUTE }),
      newArticle('plain', { title: 'Inflation at 1000 and filexname', contentText: '', publishedAt: T0 - 3 * MINUTE }),
    ],
    'seen',
    T0,
  );
  await store.insertArticles(
    other.id,
    [newArticle('other', { title: 'Germany in other feed 台灣海峽', publishedAt: T0 + 5 * MINUTE })],
    'seen',
    T0,
  );
  return { dw, strait: strait!, germany: germany!, percent: percent!, underscore: underscore! };
}

const titles = async (store: Store, guildId: string, query: string, limit = 10) =>
  (await store.searchArticles(guildId, query, limit)).map((h) => h.title);

/** Substring search over the articles of a guild's feeds. */
export function searchContract(adapter: Adapter): void {
  describe('search', () => {
    const fx = useFixture(adapter);

    it('finds articles of the guild’s feeds containing every word, case-insensitively, newest first', async () => {
      const { store } = fx();
      const { dw, germany } = await seed(store);
      const hits = await store.searchArticles('g1', '  GERMANY  bundestag ', 10);
      expect(hits).toEqual([
        {
          articleId: germany.id,
          feedId: dw.id,
          feedTitle: 'DW 中文',
          title: 'Germany votes',
          link: germany.link,
          publishedAt: germany.publishedAt,
          headline: null,
          summary: null,
        },
      ]);
      expect(await titles(store, 'g1', 'germany nothing-like-this')).toEqual([]);
      expect(await titles(store, 'g1', 'A')).toEqual([
        'Germany votes',
        'Inflation at 100% in 2023',
        'file_name and back\\slash',
        'Inflation at 1000 and filexname',
      ]);
      expect(await titles(store, 'g1', 'a', 2)).toEqual(['Germany votes', 'Inflation at 100% in 2023']);
      expect(await titles(store, 'g1', '   ')).toEqual([]);
    });

    it('matches Chinese substrings in titles and text', async () => {
      const { store } = fx();
      await seed(store);
      expect(await titles(store, 'g1', '台灣')).toEqual(['台灣海峽局勢']);
      expect(await titles(store, 'g1', '德國 海峽')).toEqual(['台灣海峽局勢']);
      expect(await titles(store, 'g1', '台灣海峽局勢嗎')).toEqual([]);
    });

    it('keeps each guild to the feeds it subscribes to', async () => {
      const { store } = fx();
      await seed(store);
      expect(await titles(store, 'g2', 'germany')).toEqual(['Germany in other feed 台灣海峽']);
      expect(await titles(store, 'g2', 'bundestag')).toEqual([]);
      expect(await titles(store, 'g3', 'germany')).toEqual([]);
    });

    it('treats %, _ and backslash as plain characters, and quotes as text', async () => {
      const { store } = fx();
      await seed(store);
      expect(await titles(store, 'g1', '100%')).toEqual(['Inflation at 100% in 2023']);
      expect(await titles(store, 'g1', 'file_name')).toEqual(['file_name and back\\slash']);
      expect(await titles(store, 'g1', 'k\\s')).toEqual(['file_name and back\\slash']);
      expect(await titles(store, 'g1', '%')).toEqual(['Inflation at 100% in 2023']);
      expect(await titles(store, 'g1', '_')).toEqual(['file_name and back\\slash']);
      expect(await titles(store, 'g1', "' OR 1=1 --")).toEqual([]);
    });

    it('matches summaries of the article’s story and shows the one in the guild’s settings', async () => {
      const { store } = fx();
      const { strait, germany } = await seed(store);
      await store.setArticleState(strait.id, 'summarized', 'story-strait');
      await store.setArticleState(germany.id, 'summarized', 'story-germany');
      const base = { keyPoints: [], topics: [], source: 'llm' as const, model: 'm' };
      await store.putSummary(
        'story-strait',
        'en',
        'standard',
        { ...base, headline: 'Tension in the Strait', summary: 'Berlin watches.', language: 'en' },
        T0,
      );
      await store.putSummary(
        'story-strait',
        'zh-TW',
        'brief',
        { ...base, headline: '海峽緊張', summary: '柏林關注。', language: 'zh-TW' },
        T0,
      );
      await store.putSummary(
        'story-strait',
        'de',
        'brief',
        { ...base, headline: 'Spannung', summary: 'Berlin schaut zu.', language: 'de' },
        T0,
      );

      expect(await titles(store, 'g1', 'tension berlin')).toEqual(['台灣海峽局勢']);
      expect(await titles(store, 'g1', '柏林')).toEqual(['台灣海峽局勢']);
      expect(await titles(store, 'g2', 'tension')).toEqual([]);

      await store.putGuildSettings({ guildId: 'g1', language: 'zh-TW', style: 'brief' }, T0);
      expect(await store.searchArticles('g1', '台灣', 10)).toMatchObject([
        { headline: '海峽緊張', summary: '柏林關注。' },
      ]);
      await store.putGuildSettings({ guildId: 'g1', language: 'fr', style: 'brief' }, T0);
      expect(await store.searchArticles('g1', '台灣', 10)).toMatchObject([{ headline: 'Spannung' }]);
    });
  });
}
