import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { random } from '../../../bench/search-corpus.js';
import { toTsquery, toTsvector } from '../../../src/search/compile.js';
import { buildDocument } from '../../../src/search/document.js';
import { parseQuery } from '../../../src/search/query.js';
import {
  POSITIONLESS_RANK,
  RANK_CEILING,
  rankPostgresNewestFirst,
  windowDays,
} from '../../../src/store/kysely/search-windows-pg.js';
import { adaptersUnderTest, newArticle, newFeed, T0, useFixture } from '../store-contract/harness.js';

const DAY = 86_400_000;
/** A first window covering the whole archive: every match is ranked. */
const EVERYTHING = Number.POSITIVE_INFINITY;

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
/** Chinese words holding 能 and 美 among other characters: the characters are indexed without positions. */
const ZH = ['能源', '美国', '可能', '台湾', '新闻', '经济'];

function words(rand: () => number, n: number): string {
  return Array.from({ length: n }, () => {
    const r = rand();
    if (r < 0.25) return WORDS[Math.floor(WORDS.length * rand() ** 2)]!;
    if (r < 0.45) return ZH[Math.floor(ZH.length * rand())]!;
    // Now and then a lone character, indexed with a position.
    if (r < 0.47) return rand() < 0.5 ? '能' : '美';
    return `filler${Math.floor(rand() * 50)}`;
  }).join(' ');
}

const postgres = adaptersUnderTest().filter((a) => a.name === 'postgres');

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(postgres)('newest-first search windows on $name', (adapter) => {
  const fx = useFixture(adapter);

  /** `rare`: rank all at once when the first window foretells few matches (the default); else windows only. */
  const rank = (
    query: string,
    opts: { offset?: number; guildId?: string | null; firstWindowMs: number; rare?: boolean },
  ) =>
    rankPostgresNewestFirst(
      fx().db.tables(),
      {
        guildId: opts.guildId ?? null,
        query: parseQuery(query, T0),
        limit: 5,
        offset: opts.offset ?? 0,
        now: T0,
        countLimit: 1_000,
      },
      opts.firstWindowMs,
      opts.rare === true ? undefined : 0,
    );

  it('returns exactly the page ranking every match gives, whatever the window, order of arrival or filter', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'A' }));
    const other = await store.feeds.upsert(newFeed('https://b.example/', { title: 'B' }));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    const count = 500;
    const byFeed = new Map<number, ReturnType<typeof newArticle>[]>();
    for (let i = 0; i < count; i++) {
      const rand = random(i + 1);
      const arrival = T0 - (count - 1 - i) * 12 * 3_600_000;
      // One in ten arrives late (up to 60 days), one claims a date a year ahead (it counts as stored now).
      const late = rand() < 0.1 ? rand() * 60 * DAY : rand() * 3_600_000;
      const publishedAt = i === 700 ? T0 + 365 * DAY : Math.floor(arrival - late);
      const feedId = i % 3 === 0 ? other.id : feed.id;
      const list = byFeed.get(feedId) ?? [];
      list.push(
        newArticle(`a${i}`, {
          title: words(rand, 3),
          contentText: words(rand, 5 + Math.floor(rand() * 40)),
          publishedAt,
        }),
      );
      byFeed.set(feedId, list);
    }
    for (const [feedId, items] of byFeed) await store.articles.insert(feedId, items, 'seen', T0);
    await store.search.indexPending(10_000, T0);

    let cut = 0;
    let runs = 0;
    let windowedRuns = 0;
    const queries = ['alpha', 'beta gamma', 'alpha OR delta', '"beta gamma"', 'gamma -alpha', 'zeta since:90d'];
    for (const query of [...queries, '能', '美', '能 OR alpha', '能源 能', 'lang:en 美']) {
      for (const guildId of ['g1', null]) {
        for (const offset of [0, 10]) {
          const all = await rank(query, { guildId, offset, firstWindowMs: EVERYTHING });
          expect(all.rankedFrom).toBeNull();
          // A first window of a day or of a month, in turn.
          const firstWindowMs = runs % 2 === 0 ? DAY : 30 * DAY;
          // One search in three may rank all at once: 500 articles are few for a count limit of 1,000.
          const rare = runs++ % 3 === 0;
          const windowed = await rank(query, { guildId, offset, firstWindowMs, rare });
          expect(windowed.ids, `${query} / ${guildId} / ${offset} / ${firstWindowMs} / ${rare}`).toEqual(all.ids);
          expect(windowed.matched).toBe(all.matched);
          if (rare) expect(windowed.rankedFrom).toBeNull();
          else windowedRuns++;
          if (windowed.rankedFrom !== null) cut++;
        }
      }
    }
    // The windows did leave older articles unranked, often (a page the first window cannot fill ranks them all).
    expect(cut).toBeGreaterThan(windowedRuns / 4);
    // About 200 searches: a few seconds on an idle machine, more on a busy one.
  }, 60_000);

  it('ranks an old article holding a lone character above newer ones holding it inside words, and stops short of it otherwise', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'A' }));
    const at = (days: number) => T0 - days * DAY;
    await store.articles.insert(
      feed.id,
      [
        newArticle('lone', { title: '能', contentText: 'x', publishedAt: at(200) }),
        newArticle('older', { title: '可能', contentText: 'x', publishedAt: at(300) }),
        ...Array.from({ length: 30 }, (_, i) =>
          newArticle(`new${i}`, { title: '能源新闻', contentText: 'x', publishedAt: at(i) }),
        ),
      ],
      'seen',
      T0,
    );
    await store.search.indexPending(10_000, T0);
    const [lone] = await fx().db.tables().selectFrom('articles').select('id').where('item_key', '=', 'lone').execute();

    const windowed = await rank('能', { firstWindowMs: 7 * DAY });
    expect(windowed.ids[0]).toBe(Number(lone!.id));
    expect(windowed.ids).toEqual((await rank('能', { firstWindowMs: EVERYTHING })).ids);
    // Past the lone character, nothing older could make the page.
    expect(windowed.rankedFrom).toBeGreaterThan(T0 - 300 * DAY);
    expect(windowed.rankedFrom).toBeLessThanOrEqual(T0 - 200 * DAY);

    // 源 is never alone: the first week settles the page.
    const plain = await rank('源', { firstWindowMs: 7 * DAY });
    expect(plain.ids).toEqual((await rank('源', { firstWindowMs: EVERYTHING })).ids);
    expect(plain.rankedFrom).toBe(T0 - 7 * DAY);
  });

  it("reads a window's days from the index of words and days, whole days from the first through the last", async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'A' }));
    const dayStart = Math.floor(T0 / DAY) * DAY - 5 * DAY;
    const times = { before: dayStart - 1, first: dayStart, last: dayStart + 2 * DAY - 1, after: dayStart + 2 * DAY };
    await store.articles.insert(
      feed.id,
      Object.entries(times).map(([key, publishedAt]) => newArticle(key, { title: 'alpha', publishedAt })),
      'seen',
      T0,
    );
    await store.search.indexPending(100, T0);
    // Two days, from a time inside the first to one inside the second: whole days are read.
    const matches = sql`from article_search x join articles a on a.id = x.article_id
      where x.tsv @@ cast('alpha' as tsquery)${windowDays(dayStart + 3_600_000, dayStart + DAY + 3_600_000)}`;
    const { plan, keys } = await fx()
      .db.tables()
      .transaction()
      .execute(async (tx) => {
        // However few the rows, the index answers: a sequential scan would hide a query the index cannot serve.
        await sql`set local enable_seqscan = off`.execute(tx);
        const explained = await sql<{ 'QUERY PLAN': string }>`explain select a.item_key ${matches}`.execute(tx);
        const found = await sql<{ item_key: string }>`select a.item_key ${matches} order by a.item_key`.execute(tx);
        return { plan: explained.rows.map((r) => r['QUERY PLAN']).join('\n'), keys: found.rows.map((r) => r.item_key) };
      });
    expect(plan).toMatch(/Index Cond: .*array_to_tsvector/);
    expect(plan).toContain('article_search_tsv_day_idx');
    expect(keys).toEqual(['first', 'last']);
  });

  it('never ranks an article above the ceiling, and a character without position at its fixed rank', async () => {
    const db = fx().db.tables();
    const rankOf = async (doc: { head: string[]; body: string[]; chars?: string[] }, query: string) => {
      const vector = toTsvector({ chars: [], ...doc });
      const { rows } = await sql<{ r: number }>`select ts_rank(cast(${vector} as tsvector),
        cast(${toTsquery(parseQuery(query, T0))} as tsquery)) as r`.execute(db);
      return Number(rows[0]!.r);
    };
    const many = (word: string, n: number) => Array.from({ length: n }, () => word);
    const extremes = [
      await rankOf({ head: many('alpha', 400), body: many('alpha', 400) }, 'alpha'),
      await rankOf({ head: [...many('alpha', 3), ...many('beta', 3)], body: many('alpha', 300) }, 'alpha beta'),
      await rankOf({ head: many('alpha', 300), body: many('beta', 300) }, 'alpha OR beta'),
      await rankOf({ head: ['alpha', 'beta', 'alpha', 'beta'], body: [] }, '"alpha beta"'),
      await rankOf({ head: many('alpha', 300), body: [] }, 'alpha -beta'),
      await rankOf(
        buildDocument({ title: '能 能 能', contentText: '能', categories: [], feedTitle: null, summaries: [] }),
        '能',
      ),
    ];
    for (const r of extremes) expect(r).toBeLessThanOrEqual(RANK_CEILING);
    expect(Math.max(...extremes)).toBeGreaterThan(0.9);
    const positionless = await rankOf(
      buildDocument({ title: '能源', contentText: '可能', categories: [], feedTitle: null, summaries: [] }),
      '能',
    );
    expect(positionless).toBeCloseTo(POSITIONLESS_RANK, 6);
  });
});
