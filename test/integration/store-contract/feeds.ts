import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { type Adapter, MINUTE, newFeed, subscribedFeed, T0, useFixture } from './harness.js';

/** Migrations, the feed registry and poll scheduling. */
export function feedContract(adapter: Adapter): void {
  describe('migrations', () => {
    const fx = useFixture(adapter);

    it('migrates again, from the same and from a new connection, without touching the data', async () => {
      const { db, store } = fx();
      const feed = await store.upsertFeed(newFeed('https://a.example/feed'));
      await store.migrate();
      const other = db.open();
      await other.migrate();
      expect(await other.getFeed(feed.id)).toEqual(feed);
    });

    it('lets several stores migrate one fresh database at the same time', async () => {
      const db = await adapter.createDatabase();
      try {
        const stores = db.openConcurrent(4);
        await Promise.all(stores.map((s) => s.migrate()));
        const feed = await stores[0]!.upsertFeed(newFeed('https://a.example/feed'));
        expect(await stores[3]!.getFeedByUrl(feed.url)).toEqual(feed);
        expect(await db.tables().selectFrom('feeds').select('id').execute()).toHaveLength(1);
      } finally {
        await db.dispose();
      }
    });
  });

  describe('feeds', () => {
    const fx = useFixture(adapter);

    it('inserts a feed once and returns the stored row for the same URL', async () => {
      const { store } = fx();
      const first = await store.upsertFeed(newFeed('https://a.example/feed', { title: 'A', intervalSeconds: 300 }));
      expect(first).toMatchObject({
        url: 'https://a.example/feed',
        title: 'A',
        intervalSeconds: 300,
        nextPollAt: T0,
        lastPolledAt: null,
        failureCount: 0,
        disabledAt: null,
      });
      const again = await store.upsertFeed(newFeed('https://a.example/feed', { title: 'changed' }));
      expect(again).toEqual(first);
      expect(typeof again.id).toBe('number');
      expect(await store.getFeed(first.id)).toEqual(first);
      expect(await store.getFeedByUrl('https://a.example/feed')).toEqual(first);
      expect(await store.getFeed(first.id + 1000)).toBeNull();
      expect(await store.getFeedByUrl('https://b.example/feed')).toBeNull();
    });

    it('claims due feeds oldest first, up to the limit, and leases them', async () => {
      const { store } = fx();
      const late = await subscribedFeed(store, 'https://late.example/', 'g1', 'c1', T0 - 1 * MINUTE);
      const early = await subscribedFeed(store, 'https://early.example/', 'g1', 'c1', T0 - 5 * MINUTE);
      const due = await subscribedFeed(store, 'https://due.example/', 'g1', 'c1', T0);
      await subscribedFeed(store, 'https://future.example/', 'g1', 'c1', T0 + 1);

      const claimed = await store.claimDueFeeds(T0, T0 + 10 * MINUTE, 2);
      expect(claimed.map((f) => f.id)).toEqual([early.feed.id, late.feed.id]);
      expect(claimed.every((f) => f.nextPollAt === T0 + 10 * MINUTE)).toBe(true);
      expect((await store.getFeed(early.feed.id))?.nextPollAt).toBe(T0 + 10 * MINUTE);

      expect((await store.claimDueFeeds(T0, T0 + 10 * MINUTE, 10)).map((f) => f.id)).toEqual([due.feed.id]);
      expect(await store.claimDueFeeds(T0, T0 + 10 * MINUTE, 10)).toEqual([]);
      expect(await store.claimDueFeeds(T0 + 10 * MINUTE, T0 + 20 * MINUTE, 10)).toHaveLength(4);
    });

    it('does not claim disabled feeds, feeds nobody subscribes to, or feeds whose subscriptions are all paused', async () => {
      const { db, store } = fx();
      await store.upsertFeed(newFeed('https://orphan.example/'));
      const paused = await subscribedFeed(store, 'https://paused.example/');
      const disabled = await subscribedFeed(store, 'https://disabled.example/');
      const mixed = await subscribedFeed(store, 'https://mixed.example/', 'g1', 'c1');
      const mixedPaused = await store.subscribe(
        { guildId: 'g2', channelId: 'c2', feedId: mixed.feed.id, mentionRoleId: null },
        T0,
      );
      await db
        .tables()
        .updateTable('subscriptions')
        .set({ paused_at: T0 })
        .where('id', 'in', [paused.sub.id, mixedPaused.id])
        .execute();
      await store.recordPollFailure(disabled.feed.id, 'gone', T0 - MINUTE, true, T0);

      const claimed = await store.claimDueFeeds(T0, T0 + MINUTE, 10);
      expect(claimed.map((f) => f.url)).toEqual(['https://mixed.example/']);
    });

    it('gives two concurrent claimers disjoint sets that together cover every due feed', async () => {
      const { db, store } = fx();
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) ids.push((await subscribedFeed(store, `https://f${i}.example/`)).feed.id);
      const [a, b] = db.openConcurrent(2) as [Store, Store];
      // Connect both pools first so the claims overlap; several rounds, as one overlap may be lucky.
      await Promise.all([a.getFeed(0), b.getFeed(0)]);
      for (let round = 0; round < 5; round++) {
        const now = T0 + round * MINUTE;
        const [x, y] = await Promise.all([
          a.claimDueFeeds(now, now + MINUTE, 40),
          b.claimDueFeeds(now, now + MINUTE, 40),
        ]);
        const xs = x.map((f) => f.id);
        const ys = y.map((f) => f.id);
        expect(xs.filter((id) => ys.includes(id))).toEqual([]);
        expect([...xs, ...ys].sort((p, q) => p - q)).toEqual(ids);
      }
    });

    it('records a successful poll, keeping metadata a 304 does not carry', async () => {
      const { store } = fx();
      const feed = await store.upsertFeed(newFeed('https://a.example/', { title: 'Old', language: 'de' }));
      await store.recordPollFailure(feed.id, 'timeout', T0 + MINUTE, false, T0);
      await store.recordPollSuccess(feed.id, {
        title: '德國之聲',
        siteLink: 'https://a.example/home',
        language: null,
        etag: '"v1"',
        lastModified: 'Tue, 14 Nov 2023 22:13:20 GMT',
        bodyHash: 'abc',
        polledAt: T0 + 2 * MINUTE,
        nextPollAt: T0 + 12 * MINUTE,
      });
      expect(await store.getFeed(feed.id)).toMatchObject({
        title: '德國之聲',
        siteLink: 'https://a.example/home',
        language: 'de',
        etag: '"v1"',
        lastModified: 'Tue, 14 Nov 2023 22:13:20 GMT',
        bodyHash: 'abc',
        lastPolledAt: T0 + 2 * MINUTE,
        lastSuccessAt: T0 + 2 * MINUTE,
        nextPollAt: T0 + 12 * MINUTE,
        failureCount: 0,
        lastError: null,
      });
    });

    it('counts poll failures, disables on request, and leaves the first-poll marker alone', async () => {
      const { store } = fx();
      const feed = await store.upsertFeed(newFeed('https://a.example/'));
      const once = await store.recordPollFailure(feed.id, 'HTTP 500', T0 + MINUTE, false, T0);
      expect(once).toMatchObject({ failureCount: 1, lastError: 'HTTP 500', nextPollAt: T0 + MINUTE, disabledAt: null });
      const twice = await store.recordPollFailure(feed.id, 'HTTP 404', T0 + 2 * MINUTE, true, T0 + MINUTE);
      expect(twice).toMatchObject({ failureCount: 2, lastError: 'HTTP 404', disabledAt: T0 + MINUTE });
      expect(twice.lastPolledAt).toBeNull();
      const thrice = await store.recordPollFailure(feed.id, 'HTTP 404', T0 + 3 * MINUTE, true, T0 + 2 * MINUTE);
      expect(thrice.disabledAt).toBe(T0 + MINUTE);
      expect(await store.getFeed(feed.id)).toEqual(thrice);
      await expect(store.recordPollFailure(feed.id + 1000, 'x', T0, false, T0)).rejects.toThrow();
    });
  });
}
