import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { runMaintenance } from '../../../src/pipeline/maintenance/retention.js';
import { searchArchive } from '../../../src/search/archive.js';
import { testSummary } from '../../support/summary.js';
import {
  type Adapter,
  adaptersUnderTest,
  newArticle,
  newBriefing,
  newFeed,
  T0,
  useFixture,
} from '../store-contract/harness.js';

const DAY = 86_400_000;

function retentionContract(adapter: Adapter): void {
  const fx = useFixture(adapter);

  it('prunes articles past the retention in batches, with their index rows, keeping each feed’s newest', async () => {
    const { store, db } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'A' }));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    // Six articles stored 100 days ago, two yesterday.
    for (let i = 0; i < 6; i++) {
      await store.articles.insert(
        feed.id,
        [newArticle(`old${i}`, { title: `Archive item ${i}` })],
        'seen',
        T0 - 100 * DAY + i,
      );
    }
    await store.articles.insert(feed.id, [newArticle('new0', { title: 'Archive item new' })], 'seen', T0 - DAY);
    await store.articles.insert(feed.id, [newArticle('new1', { title: 'Archive item newer' })], 'seen', T0 - DAY + 1);
    const deps = {
      store,
      now: () => T0,
      config: loadConfig({ ARTICLE_RETENTION_DAYS: '30' }),
      log: createLogger('silent'),
    };
    expect((await searchArchive(deps, { guildId: 'g1', query: 'archive' })).total).toBe(8);

    const result = await runMaintenance(deps, { batch: 2, pauseMs: 0, keepPerFeed: 3 });
    expect(result.pruned).toBe(5);
    const left = await db.tables().selectFrom('articles').select('item_key').orderBy('id').execute();
    expect(left.map((r) => r.item_key)).toEqual(['old5', 'new0', 'new1']);
    const page = await searchArchive(deps, { guildId: 'g1', query: 'archive' });
    expect(page.total).toBe(3);
    const indexRows = await db.tables().selectFrom('article_search').select('article_id').execute();
    expect(indexRows).toHaveLength(3);
  });

  it('keeps every article when ARTICLE_RETENTION_DAYS is 0, and briefing records for 30 days', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    await store.articles.insert(feed.id, [newArticle('ancient')], 'seen', T0 - 5000 * DAY);
    const briefing = await store.briefings.create(newBriefing(), T0);
    await store.briefings.startRun(briefing.id, '2023-10-14', T0 - 31 * DAY);
    await store.briefings.startRun(briefing.id, '2023-10-16', T0 - 29 * DAY);
    const deps = {
      store,
      now: () => T0,
      config: loadConfig({ ARTICLE_RETENTION_DAYS: '0' }),
      log: createLogger('silent'),
    };
    expect(await runMaintenance(deps, { keepPerFeed: 0 })).toEqual({
      pruned: 0,
      orphans: 0,
      briefingRuns: 1,
      indexed: 1,
    });
    expect((await store.briefings.startRun(briefing.id, '2023-10-16', T0)).earlierStartAt).toBe(T0 - 29 * DAY);
  });

  it('prunes the summaries and stories no remaining article uses, keeping a story another feed still shares', async () => {
    const { store, db } = fx();
    const feedA = await store.feeds.upsert(newFeed('https://a.example/'));
    const feedB = await store.feeds.upsert(newFeed('https://b.example/'));
    const old = T0 - 100 * DAY;
    /** A story created at `at` with two LSH bands and a summary in two languages, and the articles that use it. */
    const story = async (key: string, at: number, users: Array<{ feedId: number; item: string; storedAt: number }>) => {
      await store.stories.assign({ key, signature: `sig-${key}`, bands: [`${key}-0`, `${key}-1`] }, () => null, at, {
        since: 0,
        limit: 50,
      });
      await store.stories.putSummary(key, 'en', 'standard', testSummary(key), at);
      await store.stories.putSummary(key, 'zh-TW', 'standard', testSummary(key), at);
      for (const { feedId, item, storedAt } of users) {
        const [article] = await store.articles.insert(feedId, [newArticle(item)], 'new', storedAt);
        await store.articles.setState(article!.id, 'summarized', key);
      }
    };
    // Both articles of `gone` are pruned; `shared` keeps feed B's recent copy; `kept` keeps its kept article;
    // `cached` (a `/summarize url` page) has no article but is younger than the retention.
    await story('gone', old, [
      { feedId: feedA.id, item: 'a1', storedAt: old },
      { feedId: feedB.id, item: 'b1', storedAt: old },
    ]);
    await story('shared', old, [
      { feedId: feedA.id, item: 'a2', storedAt: old },
      { feedId: feedB.id, item: 'b2', storedAt: T0 - DAY },
    ]);
    await story('kept', old, [{ feedId: feedA.id, item: 'a3', storedAt: old + 1 }]);
    await story('cached', T0 - DAY, []);
    const deps = {
      store,
      now: () => T0,
      config: loadConfig({ ARTICLE_RETENTION_DAYS: '30' }),
      log: createLogger('silent'),
    };

    const result = await runMaintenance(deps, { batch: 1, pauseMs: 0, keepPerFeed: 1 });
    const tables = db.tables();
    const articles = await tables.selectFrom('articles').select('item_key').orderBy('item_key').execute();
    expect(articles.map((r) => r.item_key)).toEqual(['a3', 'b2']);
    // Two summaries and the story of `gone`, one batch of one at a time.
    expect(result).toMatchObject({ pruned: 3, orphans: 3 });
    const keys = async (table: 'summaries' | 'stories' | 'story_bands') =>
      (await tables.selectFrom(table).select('story_key').execute()).map((r) => r.story_key).sort();
    expect(await keys('summaries')).toEqual(['cached', 'cached', 'kept', 'kept', 'shared', 'shared']);
    expect(await keys('stories')).toEqual(['cached', 'kept', 'shared']);
    expect(await keys('story_bands')).toEqual(['cached', 'cached', 'kept', 'kept', 'shared', 'shared']);
    expect(await store.stories.getSummary('shared', 'zh-TW', 'standard')).toMatchObject({ headline: 'shared' });

    // Nothing is left to prune on the next run.
    expect(await runMaintenance(deps, { batch: 1, pauseMs: 0, keepPerFeed: 1 })).toMatchObject({
      pruned: 0,
      orphans: 0,
    });
  });
}

describe.each(adaptersUnderTest())('retention on $name', retentionContract);
