import { type Selectable, sql } from 'kysely';
import type { FeedsTable } from '../schema.js';
import type { DisableNotice, FeedHealth, Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toFeed } from './rows.js';

type FeedHealthMethods = Pick<
  Store,
  | 'createBackfillDeliveries'
  | 'readyDeliveryChannels'
  | 'staleNewArticles'
  | 'getFeedHealth'
  | 'listGuildFeedHealth'
  | 'setFeedErrorKind'
  | 'retryFeed'
  | 'setFeedIntervalOverride'
  | 'pendingDisableNotices'
  | 'markDisableNotice'
>;

function toFeedHealth(r: Selectable<FeedsTable>): FeedHealth {
  return {
    ...toFeed(r),
    intervalOverrideSeconds: r.interval_override_seconds,
    declaredMinIntervalSeconds: r.declared_min_interval_seconds,
    lastErrorKind: r.last_error_kind,
  };
}

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

    async staleNewArticles(createdBefore, limit) {
      const rows = await db
        .selectFrom('articles')
        .select('id')
        .where('state', '=', 'new')
        .where('created_at', '<', createdBefore)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async getFeedHealth(feedId) {
      const row = await db.selectFrom('feeds').selectAll().where('id', '=', feedId).executeTakeFirst();
      return row ? toFeedHealth(row) : null;
    },

    async listGuildFeedHealth(guildId) {
      const rows = await db
        .selectFrom('feeds')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb.selectFrom('subscriptions').select('subscriptions.feed_id').where('subscriptions.guild_id', '=', guildId),
        )
        .orderBy('id')
        .execute();
      return rows.map(toFeedHealth);
    },

    async setFeedErrorKind(feedId, kind) {
      await db.updateTable('feeds').set({ last_error_kind: kind }).where('id', '=', feedId).execute();
    },

    async retryFeed(feedId, now) {
      await db
        .updateTable('feeds')
        .set({ disabled_at: null, failure_count: 0, next_poll_at: now })
        .where('id', '=', feedId)
        .execute();
    },

    async setFeedIntervalOverride(feedId, seconds) {
      await db
        .updateTable('feeds')
        .set((eb) => ({
          interval_override_seconds: seconds,
          ...(seconds !== null && { interval_seconds: seconds }),
          // Due within the new interval, so lowering it takes effect now rather than after the old one ran out.
          ...(seconds !== null && {
            next_poll_at: sql<number>`case when ${eb.ref('next_poll_at')} > coalesce(${eb.ref('last_polled_at')}, 0) + ${seconds * 1000} then coalesce(${eb.ref('last_polled_at')}, 0) + ${seconds * 1000} else ${eb.ref('next_poll_at')} end`,
          }),
        }))
        .where('id', '=', feedId)
        .execute();
    },

    async pendingDisableNotices(feedId, disabledAt, now) {
      return write(async (tx) => {
        const subs = await tx
          .selectFrom('subscriptions')
          .select(['channel_id', 'guild_id'])
          .where('feed_id', '=', feedId)
          .where('paused_at', 'is', null)
          .orderBy('id')
          .execute();
        if (subs.length > 0) {
          await tx
            .insertInto('feed_disable_notices')
            .values(
              subs.map((s) => ({
                feed_id: feedId,
                disabled_at: disabledAt,
                channel_id: s.channel_id,
                guild_id: s.guild_id,
                state: 'pending',
                message_id: null,
                created_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(['feed_id', 'disabled_at', 'channel_id']).doNothing())
            .execute();
        }
        const rows = await tx
          .selectFrom('feed_disable_notices')
          .selectAll()
          .where('feed_id', '=', feedId)
          .where('disabled_at', '=', disabledAt)
          .where('state', '=', 'pending')
          .orderBy('channel_id')
          .execute();
        return rows.map(
          (r): DisableNotice => ({
            feedId: r.feed_id,
            disabledAt: r.disabled_at,
            channelId: r.channel_id,
            guildId: r.guild_id,
            state: 'pending',
          }),
        );
      });
    },

    async markDisableNotice(notice, state, messageId) {
      await db
        .updateTable('feed_disable_notices')
        .set({ state, message_id: messageId })
        .where('feed_id', '=', notice.feedId)
        .where('disabled_at', '=', notice.disabledAt)
        .where('channel_id', '=', notice.channelId)
        .execute();
    },
  };
}
