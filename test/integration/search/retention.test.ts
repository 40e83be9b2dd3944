import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { runMaintenance } from '../../../src/pipeline/retention.js';
import { searchArchive } from '../../../src/search/archive.js';
import { type Adapter, adaptersUnderTest, newArticle, newFeed, T0, useFixture } from '../store-contract/harness.js';

const DAY = 86_400_000;

function retentionContract(adapter: Adapter): void {
  const fx = useFixture(adapter);

  it('prunes articles past the retention in batches, with their index rows, keeping each feed’s newest', async () => {
    const { store, db } = fx();
    const feed = await store.upsertFeed(newFeed('https://a.example/', { title: 'A' }));
    await store.subscribe({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    // Six articles stored 100 days ago, two yesterday.
    for (let i = 0; i < 6; i++) {
      await store.insertArticles(
        feed.id,
        [newArticle(`old${i}`, { title: `Archive item ${i}` })],
        'seen',
        T0 - 100 * DAY + i,
      );
    }
    await store.insertArticles(feed.id, [newArticle('new0', { title: 'Archive item new' })], 'seen', T0 - DAY);
    await store.insertArticles(feed.id, [newArticle('new1', { title: 'Archive item newer' })], 'seen', T0 - DAY + 1);
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

  it('keeps everything when ARTICLE_RETENTION_DAYS is 0', async () => {
    const { store } = fx();
    const feed = await store.upsertFeed(newFeed('https://a.example/'));
    await store.insertArticles(feed.id, [newArticle('ancient')], 'seen', T0 - 5000 * DAY);
    const deps = {
      store,
      now: () => T0,
      config: loadConfig({ ARTICLE_RETENTION_DAYS: '0' }),
      log: createLogger('silent'),
    };
    expect(await runMaintenance(deps, { keepPerFeed: 0 })).toEqual({ pruned: 0, indexed: 1 });
  });
}

describe.each(adaptersUnderTest())('retention on $name', retentionContract);
