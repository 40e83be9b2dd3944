import { describe, expect, it } from 'vitest';
import { random } from '../../../bench/search-corpus.js';
import { parseQuery } from '../../../src/search/query.js';
import { BLOCK_IDS, rankNewestFirst } from '../../../src/store/kysely/search-windows.js';
import type { Store } from '../../../src/store/store.js';
import { newArticle, newFeed, sqliteAdapter, T0, useFixture } from '../store-contract/harness.js';

const DAY = 86_400_000;
/** A first window covering the whole archive: every match is ranked. */
const EVERYTHING = Number.POSITIVE_INFINITY;

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];

function words(rand: () => number, n: number): string {
  return Array.from({ length: n }, () =>
    rand() < 0.3 ? WORDS[Math.floor(WORDS.length * rand() ** 2)]! : `filler${Math.floor(rand() * 50)}`,
  ).join(' ');
}

/** Stores one article at `storedAt`; its id is the next one. */
async function add(
  store: Store,
  feedId: number,
  key: string,
  storedAt: number,
  fields: Parameters<typeof newArticle>[1],
) {
  await store.articles.insert(feedId, [newArticle(key, fields)], 'seen', storedAt);
}

describe('newest-first search windows on sqlite', () => {
  const fx = useFixture(sqliteAdapter);

  const rank = (query: string, opts: { offset?: number; guildId?: string | null; firstWindowMs: number }) =>
    rankNewestFirst(
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
    );

  it('returns exactly the page ranking every match gives, whatever the window, order of arrival or filter', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'A' }));
    const other = await store.feeds.upsert(newFeed('https://b.example/', { title: 'B' }));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    const count = 5 * BLOCK_IDS + 100;
    for (let i = 0; i < count; i++) {
      const rand = random(i + 1);
      const storedAt = T0 - (count - 1 - i) * 12 * 3_600_000;
      // One in ten arrives late (up to 60 days), one claims a date a year ahead.
      const late = rand() < 0.1 ? rand() * 60 * DAY : rand() * 3_600_000;
      const publishedAt = i === 700 ? T0 + 365 * DAY : Math.floor(storedAt - late);
      await add(store, i % 3 === 0 ? other.id : feed.id, `a${i}`, storedAt, {
        title: words(rand, 3),
        contentText: words(rand, 5 + Math.floor(rand() * 40)),
        publishedAt,
      });
    }
    await store.search.indexPending(10_000, T0);

    let cut = 0;
    for (const query of ['alpha', 'beta gamma', 'alpha OR delta', '"beta gamma"', 'gamma -alpha', 'zeta since:90d']) {
      for (const guildId of ['g1', null]) {
        for (const offset of [0, 10, 60]) {
          const all = await rank(query, { guildId, offset, firstWindowMs: EVERYTHING });
          for (const firstWindowMs of [DAY, 14 * DAY, 90 * DAY]) {
            const windowed = await rank(query, { guildId, offset, firstWindowMs });
            expect(windowed.ids, `${query} / ${guildId} / ${offset} / ${firstWindowMs}`).toEqual(all.ids);
            expect(windowed.matched).toBe(all.matched);
            if (windowed.from! > 0) cut++;
          }
        }
      }
    }
    // The windows did leave older articles unranked, most of the time.
    expect(cut).toBeGreaterThan(50);
  });

  it('ranks an older article that outscores the newest ones, from a second window that stops short of the rest', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'A' }));
    const long = 'filler '.repeat(60);
    // Blocks 0 and 1: months old. Block 2: a month old, with one strong match. Block 3: the last ten days, with
    // weak matches in long texts.
    for (let i = 1; i < 2 * BLOCK_IDS; i++) {
      await add(store, feed.id, `old${i}`, T0 - (1000 - i) * DAY, { title: 'Old news', publishedAt: null });
    }
    for (let i = 0; i < BLOCK_IDS; i++) {
      const strong = i === 10;
      await add(store, feed.id, `month${i}`, T0 - (strong ? 30 : 60 - i / 10) * DAY, {
        title: strong ? 'Omega omega omega' : 'Month news',
        contentText: strong ? 'Omega.' : long,
        publishedAt: null,
      });
    }
    for (let i = 0; i < 40; i++) {
      await add(store, feed.id, `new${i}`, T0 - (10 - i / 4) * DAY, {
        title: 'Latest news',
        contentText: `${long} omega ${long}`,
        publishedAt: null,
      });
    }
    await store.search.indexPending(10_000, T0);
    const [strong] = await fx()
      .db.tables()
      .selectFrom('articles')
      .select('id')
      .where('item_key', '=', 'month10')
      .execute();

    const windowed = await rank('omega', { firstWindowMs: 14 * DAY });
    expect(windowed.ids[0]).toBe(strong!.id);
    expect(windowed.ids).toEqual((await rank('omega', { firstWindowMs: EVERYTHING })).ids);
    // The second window started at the strong match's block, not at the first article.
    expect(windowed.from).toBe(2 * BLOCK_IDS);
  });
});
