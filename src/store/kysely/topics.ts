import type { Selectable } from 'kysely';
import type { TopicSubscriptionRow } from '../../search/types.js';
import type { TopicSubscriptionsTable } from '../schema.js';
import type { Store } from '../store.js';
import type { StoreContext } from './context.js';

type TopicMethods = Pick<
  Store,
  | 'createTopicSubscription'
  | 'listTopicSubscriptions'
  | 'getTopicSubscription'
  | 'removeTopicSubscription'
  | 'topicSubscriptionsForArticle'
  | 'createTopicDeliveries'
  | 'pauseChannelTopicSubscriptions'
>;

function toTopic(r: Selectable<TopicSubscriptionsTable>): TopicSubscriptionRow {
  return {
    id: Number(r.id),
    guildId: r.guild_id,
    channelId: r.channel_id,
    feedId: r.feed_id === null ? null : Number(r.feed_id),
    query: r.query,
    mentionRoleId: r.mention_role_id,
    pausedAt: r.paused_at,
    createdAt: r.created_at,
    maxPerHour: r.max_per_hour,
    channelType: r.channel_type,
  };
}

/** Topic subscriptions: a channel following a query, and the deliveries their matches create. */
export function topicMethods({ db, write }: StoreContext): TopicMethods {
  return {
    async createTopicSubscription(sub, now) {
      return write(async (tx) => {
        let existing = tx
          .selectFrom('topic_subscriptions')
          .selectAll()
          .where('guild_id', '=', sub.guildId)
          .where('channel_id', '=', sub.channelId)
          .where('query', '=', sub.query);
        existing =
          sub.feedId === null ? existing.where('feed_id', 'is', null) : existing.where('feed_id', '=', sub.feedId);
        const found = await existing.executeTakeFirst();
        const options = {
          mention_role_id: sub.mentionRoleId,
          max_per_hour: sub.maxPerHour ?? null,
          channel_type: sub.channelType ?? null,
          paused_at: null,
        };
        const row = found
          ? await tx
              .updateTable('topic_subscriptions')
              .set(options)
              .where('id', '=', found.id)
              .returningAll()
              .executeTakeFirstOrThrow()
          : await tx
              .insertInto('topic_subscriptions')
              .values({
                guild_id: sub.guildId,
                channel_id: sub.channelId,
                feed_id: sub.feedId,
                query: sub.query,
                created_at: now,
                ...options,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
        return toTopic(row);
      });
    },

    async listTopicSubscriptions(guildId) {
      const rows = await db
        .selectFrom('topic_subscriptions')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('id')
        .execute();
      return rows.map(toTopic);
    },

    async removeTopicSubscription(guildId, id) {
      const result = await db
        .deleteFrom('topic_subscriptions')
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async getTopicSubscription(id) {
      const row = await db.selectFrom('topic_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toTopic(row) : null;
    },

    async topicSubscriptionsForArticle(articleId) {
      const article = await db.selectFrom('articles').select('feed_id').where('id', '=', articleId).executeTakeFirst();
      if (!article) return [];
      const rows = await db
        .selectFrom('topic_subscriptions')
        .selectAll()
        .where('paused_at', 'is', null)
        .where((eb) => eb.or([eb('feed_id', 'is', null), eb('feed_id', '=', article.feed_id)]))
        .where('guild_id', 'in', (eb) =>
          eb.selectFrom('subscriptions').select('guild_id').where('feed_id', '=', article.feed_id),
        )
        .orderBy('id')
        .execute();
      return rows.map(toTopic);
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

    async pauseChannelTopicSubscriptions(channelId, now) {
      const rows = await db
        .updateTable('topic_subscriptions')
        .set({ paused_at: now })
        .where('channel_id', '=', channelId)
        .where('paused_at', 'is', null)
        .returning(['id', 'guild_id'])
        .execute();
      return rows.map((r) => ({ id: r.id, guildId: r.guild_id }));
    },
  };
}
