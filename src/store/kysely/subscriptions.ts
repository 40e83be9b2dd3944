import type { SummaryStyle } from '../../domain.js';
import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toSubscription } from './rows.js';

type SubscriptionMethods = Pick<
  Store,
  | 'getGuildSettings'
  | 'putGuildSettings'
  | 'subscribe'
  | 'listSubscriptions'
  | 'getSubscription'
  | 'subscriptionsForFeed'
>;

/** Per-guild settings and channel subscriptions. */
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
    async getGuildSettings(guildId) {
      const row = await db
        .selectFrom('guilds')
        .select(['guild_id', 'language', 'style'])
        .where('guild_id', '=', guildId)
        .executeTakeFirst();
      return row ? { guildId: row.guild_id, language: row.language, style: row.style as SummaryStyle } : null;
    },

    async putGuildSettings(settings, now) {
      await db
        .insertInto('guilds')
        .values({
          guild_id: settings.guildId,
          language: settings.language,
          style: settings.style,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('guild_id').doUpdateSet({ language: settings.language, style: settings.style, updated_at: now }),
        )
        .execute();
    },

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
  };
}
