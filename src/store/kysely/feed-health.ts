import type { Store } from '../store.js';
import type { StoreContext } from './context.js';

type FeedHealthMethods = Pick<Store, 'createBackfillDeliveries' | 'readyDeliveryChannels'>;

/** Feed ingestion: backfill deliveries, feed health for `/feed list`, retry, and disable notices. */
export function feedHealthMethods({ db, write }: StoreContext): FeedHealthMethods {
  return {
    async createBackfillDeliveries(subscriptionId, articleIds, now) {
      if (articleIds.length === 0) return 0;
      return write(async (tx) => {
        const sub = await tx
          .selectFrom('subscriptions')
          .selectAll()
          .where('id', '=', subscriptionId)
          .executeTakeFirst();
        if (!sub) throw new Error(`subscription ${subscriptionId} not found`);
        const result = await tx
          .insertInto('deliveries')
          .values(
            articleIds.map((articleId) => ({
              article_id: articleId,
              channel_id: sub.channel_id,
              subscription_id: sub.id,
              guild_id: sub.guild_id,
              state: 'pending',
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['article_id', 'channel_id']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0);
      });
    },

    async readyDeliveryChannels(limit) {
      // Driven from the pending deliveries (few, through the (state, article_id) index), not from articles.
      const rows = await db
        .selectFrom('deliveries')
        .innerJoin('articles', 'articles.id', 'deliveries.article_id')
        .select('deliveries.channel_id')
        .distinct()
        .where('deliveries.state', '=', 'pending')
        .where('articles.state', 'in', ['seen', 'summarized'])
        .orderBy('deliveries.channel_id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.channel_id);
    },
  };
}
