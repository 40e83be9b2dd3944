import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { type Adapter, MINUTE, newArticle, newFeed, T0, useFixture } from './harness.js';

async function feedWithArticle(store: Store, url = 'https://a.example/') {
  const feed = await store.feeds.upsert(newFeed(url));
  const [article] = await store.articles.insert(feed.id, [newArticle('k1')], 'new', T0);
  if (!article) throw new Error('article not inserted');
  return { feed, article };
}

/** Fan-out of articles to channels and delivery bookkeeping. */
export function deliveryContract(adapter: Adapter): void {
  describe('deliveries', () => {
    const fx = useFixture(adapter);

    it('creates one pending delivery per active subscription of the article’s feed, once', async () => {
      const { db, store } = fx();
      const { feed, article } = await feedWithArticle(store);
      const other = await store.feeds.upsert(newFeed('https://b.example/'));
      const s1 = await store.subscriptions.create(
        { guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null },
        T0,
      );
      const s2 = await store.subscriptions.create(
        { guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null },
        T0,
      );
      const paused = await store.subscriptions.create(
        { guildId: 'g3', channelId: 'c3', feedId: feed.id, mentionRoleId: null },
        T0,
      );
      await store.subscriptions.create({ guildId: 'g1', channelId: 'c4', feedId: other.id, mentionRoleId: null }, T0);
      await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', paused.id).execute();

      expect((await store.createDeliveries(article.id, T0 + MINUTE)).sort()).toEqual(['c1', 'c2']);
      expect((await store.createDeliveries(article.id, T0 + 2 * MINUTE)).sort()).toEqual(['c1', 'c2']);
      const deliveries = await store.listDeliveries(article.id);
      expect(deliveries.map((d) => [d.channelId, d.guildId, d.subscriptionId, d.state, d.createdAt])).toEqual([
        ['c1', 'g1', s1.id, 'pending', T0 + MINUTE],
        ['c2', 'g2', s2.id, 'pending', T0 + MINUTE],
      ]);
      expect(deliveries.every((d) => d.articleId === article.id && d.messageId === null && d.sentAt === null)).toBe(
        true,
      );

      // A channel that subscribes later is added; one already posted to is no longer pending.
      await store.subscriptions.create({ guildId: 'g5', channelId: 'c5', feedId: feed.id, mentionRoleId: null }, T0);
      await store.markDeliverySent(deliveries[0]!.id, 'm1', T0 + 3 * MINUTE);
      expect((await store.createDeliveries(article.id, T0 + 4 * MINUTE)).sort()).toEqual(['c2', 'c5']);
      expect(await store.listDeliveries(article.id)).toHaveLength(3);
      expect(await store.createDeliveries(article.id + 1000, T0)).toEqual([]);
    });

    it('hands out a channel’s pending deliveries oldest article first, undated ones by storage time', async () => {
      const { store } = fx();
      const feed = await store.feeds.upsert(newFeed('https://a.example/'));
      await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
      await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
      const articles = await store.articles.insert(
        feed.id,
        [
          newArticle('late', { publishedAt: T0 + 5 * MINUTE }),
          newArticle('tie-a', { publishedAt: T0 + 2 * MINUTE }),
          newArticle('undated', { publishedAt: null }),
          newArticle('tie-b', { publishedAt: T0 + 2 * MINUTE }),
          newArticle('early', { publishedAt: T0 - MINUTE }),
        ],
        'new',
        T0 + 3 * MINUTE,
      );
      // Fan out newest first, so that delivery ids do not already give the expected order.
      for (const a of [...articles].reverse()) await store.createDeliveries(a.id, T0);

      const order: string[] = [];
      for (let next = await store.nextPendingDelivery('c1'); next; next = await store.nextPendingDelivery('c1')) {
        expect(next.delivery).toMatchObject({ channelId: 'c1', articleId: next.article.id, state: 'pending' });
        order.push(next.article.itemKey);
        if (order.length % 2) await store.markDeliverySent(next.delivery.id, `m${order.length}`, T0);
        else await store.markDeliveryFailed(next.delivery.id, 'Missing Access', T0);
      }
      expect(order).toEqual(['early', 'tie-a', 'tie-b', 'undated', 'late']);
      expect((await store.nextPendingDelivery('c2'))?.article.itemKey).toBe('early');
      expect(await store.nextPendingDelivery('nobody')).toBeNull();
    });

    it('records sent and failed posts, and never turns a sent delivery into a failed one', async () => {
      const { store } = fx();
      const { feed, article } = await feedWithArticle(store);
      await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
      await store.subscriptions.create({ guildId: 'g1', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
      await store.createDeliveries(article.id, T0);
      const [d1, d2] = await store.listDeliveries(article.id);

      await store.markDeliverySent(d1!.id, '1234567890123456789', T0 + MINUTE);
      await store.markDeliveryFailed(d1!.id, 'late retry failed', T0 + 2 * MINUTE);
      await store.markDeliveryFailed(d2!.id, 'Unknown Channel', T0 + MINUTE);
      expect(await store.listDeliveries(article.id)).toEqual([
        { ...d1, state: 'sent', messageId: '1234567890123456789', sentAt: T0 + MINUTE, error: null },
        { ...d2, state: 'failed', error: 'Unknown Channel' },
      ]);
    });
  });
}
