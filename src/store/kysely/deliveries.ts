import { sql } from 'kysely';
import type { Store } from '../store.js';
import { toArticle } from './articles.js';
import type { StoreContext } from './context.js';
import { toDelivery } from './rows.js';

type DeliveryMethods = Pick<
  Store,
  | 'createDeliveries'
  | 'nextPendingDelivery'
  | 'markDeliverySent'
  | 'markDeliveryAttempt'
  | 'markDeliveryFailed'
  | 'markDeliverySkipped'
  | 'listDeliveries'
  | 'failPendingDeliveries'
  | 'pendingDeliveries'
  | 'countSentSince'
  | 'createTopicDeliveries'
>;

/** The fan-out of an article to channels and the record of each post. */
export function deliveryMethods({ db, write }: StoreContext): DeliveryMethods {
  /** A channel's pending deliveries with their articles, oldest article first (by publication, then id). */
  async function pending(channelId: string, limit: number) {
    const deliveries = await db
      .selectFrom('deliveries')
      .innerJoin('articles', 'articles.id', 'deliveries.article_id')
      .selectAll('deliveries')
      .where('deliveries.channel_id', '=', channelId)
      .where('deliveries.state', '=', 'pending')
      .orderBy((eb) => eb.fn.coalesce('articles.published_at', 'articles.created_at'))
      .orderBy('articles.id')
      .limit(limit)
      .execute();
    if (deliveries.length === 0) return [];
    const articles = await db
      .selectFrom('articles')
      .selectAll()
      .where(
        'id',
        'in',
        deliveries.map((d) => d.article_id),
      )
      .execute();
    const byId = new Map(articles.map((a) => [a.id, toArticle(a)]));
    return deliveries.flatMap((d) => {
      const article = byId.get(d.article_id);
      return article ? [{ delivery: toDelivery(d), article }] : [];
    });
  }

  return {
    async createDeliveries(articleId, now) {
      return write(async (tx) => {
        await tx
          .insertInto('deliveries')
          .columns(['article_id', 'channel_id', 'subscription_id', 'guild_id', 'state', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('articles')
              .innerJoin('subscriptions', 'subscriptions.feed_id', 'articles.feed_id')
              .select([
                'articles.id',
                'subscriptions.channel_id',
                'subscriptions.id as subscription_id',
                'subscriptions.guild_id',
                sql.lit('pending').as('state'),
                // PostgreSQL would type a bare parameter in a SELECT list as text.
                sql<number>`cast(${now} as bigint)`.as('created_at'),
              ])
              // SQLite needs a WHERE here: without it `ON CONFLICT` would parse as the join's ON.
              .where('articles.id', '=', articleId)
              .where('subscriptions.paused_at', 'is', null),
          )
          .onConflict((oc) => oc.columns(['article_id', 'channel_id']).doNothing())
          .execute();
        const rows = await tx
          .selectFrom('deliveries')
          .select('channel_id')
          .where('article_id', '=', articleId)
          .where('state', '=', 'pending')
          .orderBy('id')
          .execute();
        return rows.map((r) => r.channel_id);
      });
    },

    async nextPendingDelivery(channelId) {
      return (await pending(channelId, 1))[0] ?? null;
    },

    async markDeliverySent(deliveryId, messageId, now) {
      await db
        .updateTable('deliveries')
        .set({ state: 'sent', message_id: messageId, sent_at: now, error: null })
        .where('id', '=', deliveryId)
        .execute();
    },

    async markDeliveryAttempt(deliveryId, now) {
      await db
        .updateTable('deliveries')
        .set({ attempted_at: now })
        .where('id', '=', deliveryId)
        .where('state', '=', 'pending')
        .where('attempted_at', 'is', null)
        .execute();
    },

    async markDeliveryFailed(deliveryId, error, _now) {
      // A late failure report (e.g. a retried job) must not turn a posted delivery into a failed one.
      await db
        .updateTable('deliveries')
        .set({ state: 'failed', error })
        .where('id', '=', deliveryId)
        .where('state', '=', 'pending')
        .execute();
    },

    async markDeliverySkipped(deliveryId, reason, _now) {
      await db
        .updateTable('deliveries')
        .set({ state: 'skipped', error: reason })
        .where('id', '=', deliveryId)
        .where('state', '=', 'pending')
        .execute();
    },

    async listDeliveries(articleId) {
      const rows = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('article_id', '=', articleId)
        .orderBy('id')
        .execute();
      return rows.map(toDelivery);
    },

    async failPendingDeliveries(channelId, error, _now) {
      const result = await db
        .updateTable('deliveries')
        .set({ state: 'failed', error })
        .where('channel_id', '=', channelId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    pendingDeliveries: pending,

    async countSentSince(owner, since) {
      const row = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where((eb) =>
          'subscriptionId' in owner
            ? eb('subscription_id', '=', owner.subscriptionId)
            : eb('topic_subscription_id', '=', owner.topicSubscriptionId),
        )
        .where('state', '=', 'sent')
        .where('sent_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async createTopicDeliveries(articleId, subs, now) {
      if (subs.length === 0) return 0;
      const result = await db
        .insertInto('deliveries')
        .values(
          subs.map((s) => ({
            article_id: articleId,
            channel_id: s.channelId,
            subscription_id: null,
            topic_subscription_id: s.id,
            guild_id: s.guildId,
            state: 'pending',
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['article_id', 'channel_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },
  };
}
