import { describe, expect, it } from 'vitest';
import { type Adapter, newFeed, T0, useFixture } from './harness.js';

const _CHINESE_TEXT = '德國總理默克爾週三表示，台灣海峽的和平與穩定符合各方利益。\n\n「我們密切關注局勢。」';

/** Subscriptions. */
export function articleContract(adapter: Adapter): void {
  describe('subscriptions', () => {
    const fx = useFixture(adapter);

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
