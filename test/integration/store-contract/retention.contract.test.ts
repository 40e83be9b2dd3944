import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { testSummary } from '../../support/summary.js';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  newArticle,
  newFeed,
  subscribedFeed,
  T0,
  useFixture,
} from './harness.js';

const DAY = 86_400_000;

const summary = testSummary('h', { summary: 's' });

/** A story created at `at`, with two LSH bands and a summary. */
async function story(store: Store, key: string, at: number) {
  await store.stories.assign({ key, signature: `sig-${key}`, bands: [`${key}-0`, `${key}-1`] }, () => null, at, {
    since: 0,
    limit: 10,
  });
  await store.stories.putSummary(key, 'en', 'standard', summary, at);
}

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('retention repository on $name', (adapter) => {
  const coverage = coverageOf('retention');
  const fx = useFixture(adapter, coverage);

  it('deletes articles stored before the cutoff, oldest first, up to the limit, with their deliveries and index rows', async () => {
    const { db, store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/');
    for (let i = 0; i < 4; i++)
      await store.articles.insert(feed.id, [newArticle(`old${i}`)], 'seen', T0 - 100 * DAY + i);
    const [recent] = await store.articles.insert(feed.id, [newArticle('recent')], 'seen', T0);
    for (const a of await store.articles.latest(feed.id, 10)) await store.deliveries.createForSubscriptions(a.id, T0);
    await store.search.indexPending(100, T0);

    expect(await store.retention.pruneArticles(T0 - 30 * DAY, 3, 0)).toBe(3);
    const left = async () =>
      (await db.tables().selectFrom('articles').select('item_key').orderBy('id').execute()).map((r) => r.item_key);
    expect(await left()).toEqual(['old3', 'recent']);
    expect(await store.retention.pruneArticles(T0 - 30 * DAY, 3, 0)).toBe(1);
    expect(await store.retention.pruneArticles(T0 - 30 * DAY, 3, 0)).toBe(0);
    expect(await left()).toEqual(['recent']);
    const deliveries = await db.tables().selectFrom('deliveries').select('article_id').execute();
    expect(deliveries.map((d) => Number(d.article_id))).toEqual([recent!.id]);
    const indexed = await db.tables().selectFrom('article_search').select('article_id').execute();
    expect(indexed.map((r) => Number(r.article_id))).toEqual([recent!.id]);
  });

  it('keeps each feed’s newest articles whatever their age, so a feed still listing them does not post them again', async () => {
    const { db, store } = fx();
    const a = await store.feeds.upsert(newFeed('https://a.example/'));
    const b = await store.feeds.upsert(newFeed('https://b.example/'));
    for (let i = 0; i < 3; i++) {
      await store.articles.insert(a.id, [newArticle(`a${i}`)], 'seen', T0 - 100 * DAY + i);
      await store.articles.insert(b.id, [newArticle(`b${i}`)], 'seen', T0 - 100 * DAY + i);
    }
    expect(await store.retention.pruneArticles(T0, 100, 2)).toBe(2);
    const left = await db.tables().selectFrom('articles').select('item_key').orderBy('item_key').execute();
    expect(left.map((r) => r.item_key)).toEqual(['a1', 'a2', 'b1', 'b2']);
    // Across feeds, the limit still holds.
    expect(await store.retention.pruneArticles(T0, 1, 1)).toBe(1);
  });

  it('deletes the summaries, then the stories and bands, older than the cutoff that no article uses', async () => {
    const { db, store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    await story(store, 'orphan', T0 - 100 * DAY);
    await story(store, 'used', T0 - 100 * DAY);
    await story(store, 'young', T0 - DAY);
    const [article] = await store.articles.insert(feed.id, [newArticle('x')], 'seen', T0 - 100 * DAY);
    await store.articles.setState(article!.id, 'summarized', 'used');

    const keys = async (table: 'summaries' | 'stories' | 'story_bands') =>
      (await db.tables().selectFrom(table).select('story_key').execute()).map((r) => r.story_key).sort();
    // A batch of one: the orphan's summary first, its story on the next call.
    expect(await store.retention.pruneOrphanStories(T0 - 30 * DAY, 1)).toBe(1);
    expect(await keys('summaries')).toEqual(['used', 'young']);
    expect(await keys('stories')).toEqual(['orphan', 'used', 'young']);
    expect(await store.retention.pruneOrphanStories(T0 - 30 * DAY, 10)).toBe(1);
    expect(await keys('stories')).toEqual(['used', 'young']);
    expect(await keys('story_bands')).toEqual(['used', 'used', 'young', 'young']);
    expect(await store.retention.pruneOrphanStories(T0 - 30 * DAY, 10)).toBe(0);

    // Once its last article goes, a story is an orphan too.
    await store.retention.pruneArticles(T0, 10, 0);
    expect(await store.retention.pruneOrphanStories(T0 - 30 * DAY, 10)).toBe(2);
    expect(await keys('stories')).toEqual(['young']);
  });

  itCalledEveryMethod(coverage);
});
