import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toSubscription } from './rows.js';

type SubscriptionMethods = Pick<
  Store,
  | 'subscribe'
  | 'listSubscriptions'
  | 'getSubscription'
  | 'subscriptionsForFeed'
  | 'configureSubscription'
  | 'removeSubscription'
  | 'removeFeedSubscriptions'
  | 'removeChannelSubscriptions'
  | 'pauseChannelSubscriptions'
  | 'pauseChannelTopicSubscriptions'
  | 'pauseGuildSubscriptions'
>;

/** Channel subscriptions: creation, listing, configuration, pausing and removal. */
export function subscriptionMethods({ db }: StoreContext): SubscriptionMethods {
  const findSubscription = (guildId: string, channelId: string, feedId: number) =>
    db
      .selectFrom('subscriptions')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('channel_id', '=', channelId)
      .where('feed_id', '=', feedId)
      .executeTakeFirst();

  return {
    async subscribe(sub, now) {
      const inserted = await db
        .insertInto('subscriptions')
        .values({
          guild_id: sub.guildId,
          channel_id: sub.channelId,
          feed_id: sub.feedId,
          mention_role_id: sub.mentionRoleId,
          paused_at: null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['guild_id', 'channel_id', 'feed_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      const row = inserted ?? (await findSubscription(sub.guildId, sub.channelId, sub.feedId));
      if (!row) throw new Error(`subscription of channel ${sub.channelId} to feed ${sub.feedId} vanished`);
      return toSubscription(row);
    },

    async listSubscriptions(guildId) {
      const rows = await db
        .selectFrom('subscriptions')
        .innerJoin('feeds', 'feeds.id', 'subscriptions.feed_id')
        .selectAll('subscriptions')
        .select(['feeds.url as feed_url', 'feeds.title as feed_title'])
        .where('subscriptions.guild_id', '=', guildId)
        .orderBy('subscriptions.created_at')
        .orderBy('subscriptions.id')
        .execute();
      return rows.map((r) => ({ ...toSubscription(r), feedUrl: r.feed_url, feedTitle: r.feed_title }));
    },

    async getSubscription(id) {
      const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSubscription(row) : null;
    },

    async subscriptionsForFeed(feedId) {
      const rows = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('feed_id', '=', feedId)
        .where('paused_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toSubscription);
    },

    async configureSubscription(id, { mentionRoleId, maxPerHour, channelType }) {
      await db
        .updateTable('subscriptions')
        .set({
          mention_role_id: mentionRoleId,
          max_per_hour: maxPerHour,
          channel_type: channelType,
          paused_at: null,
          paused_reason: null,
        })
        .where('id', '=', id)
        .execute();
    },

    async removeSubscription(guildId, id) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('id', '=', id)
        .where('guild_id', '=', guildId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async removeFeedSubscriptions(guildId, feedId) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('guild_id', '=', guildId)
        .where('feed_id', '=', feedId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async removeChannelSubscriptions(channelId) {
      const feeds = await db.deleteFrom('subscriptions').where('channel_id', '=', channelId).executeTakeFirst();
      const topics = await db.deleteFrom('topic_subscriptions').where('channel_id', '=', channelId).executeTakeFirst();
      return Number(feeds.numDeletedRows) + Number(topics.numDeletedRows);
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

    async pauseChannelSubscriptions(channelId, reason, now) {
      // Only the rows this UPDATE changes come back, so concurrent callers cannot both see them as newly paused.
      const rows = await db
        .updateTable('subscriptions')
        .set({ paused_at: now, paused_reason: reason })
        .where('channel_id', '=', channelId)
        .where('paused_at', 'is', null)
        .returningAll()
        .execute();
      return rows.map(toSubscription);
    },

    async pauseGuildSubscriptions(guildId, reason, now) {
      const result = await db
        .updateTable('subscriptions')
        .set({ paused_at: now, paused_reason: reason })
        .where('guild_id', '=', guildId)
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      const topics = await db
        .updateTable('topic_subscriptions')
        .set({ paused_at: now })
        .where('guild_id', '=', guildId)
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) + Number(topics.numUpdatedRows);
    },
  };
}
