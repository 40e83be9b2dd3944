import type { Selectable } from 'kysely';
import type { SummaryStyle } from '../../domain.js';
import type { SubscriptionsTable } from '../schema.js';
import type { StoreContext } from './context.js';
import type { PostLayout, SubscriptionSettings } from './guilds.js';
import { type ThreadOptions, threadColumns, threadOptionsOf } from './thread-options.js';

/** A channel following a feed; its language, style and layout (null: the server's) are its own settings. */
export interface SubscriptionRow extends SubscriptionSettings, ThreadOptions {
  id: number;
  guildId: string;
  channelId: string;
  feedId: number;
  mentionRoleId: string | null;
  pausedAt: number | null;
  createdAt: number;
  /** Why it was paused (`no-access: Missing Access`, `bot removed from the server`…), null when active. */
  pausedReason: string | null;
  /** Posts per hour before the rest of the hour's articles are folded into one roundup; null: no cap. */
  maxPerHour: number | null;
  /** The channel's Discord type when `/subscribe` saw it (15: forum, one thread per article); null: a text channel. */
  channelType: number | null;
  /** A query with field terms an article must pass to be posted (checked when it is summarized); null: all. */
  filter: string | null;
  /** Items published this many hours before they were first seen are skipped; null: no cutoff. */
  maxAgeHours: number | null;
  /** Posts go through the channel's webhook under this identity; null: as the bot. */
  webhook: WebhookIdentity | null;
}

/** The name and avatar a subscription's webhook posts show; null fields: the feed's title and site icon. */
export interface WebhookIdentity {
  name: string | null;
  /** An https URL. */
  avatarUrl: string | null;
}

export interface NewSubscription {
  guildId: string;
  channelId: string;
  feedId: number;
  mentionRoleId: string | null;
}

/** A subscription as `/subscriptions` lists it, with its feed. */
export interface GuildSubscription extends SubscriptionRow {
  feedUrl: string;
  feedTitle: string | null;
}

/**
 * Channels following feeds. Losing a channel or a guild ends what it follows of both kinds, so
 * {@link SubscriptionRepository.removeChannel} and {@link SubscriptionRepository.pauseGuild} take the channel's or
 * guild's topic subscriptions with them.
 */
export interface SubscriptionRepository {
  /** Creates the subscription of a channel to a feed, or returns the existing one unchanged. */
  create(sub: NewSubscription, now: number): Promise<SubscriptionRow>;
  get(id: number): Promise<SubscriptionRow | null>;
  /** All subscriptions of a guild, paused ones included, oldest first. */
  ofGuild(guildId: string): Promise<GuildSubscription[]>;
  /** Active (not paused) subscriptions to a feed, by id. */
  activeForFeed(feedId: number): Promise<SubscriptionRow[]>;
  /**
   * Sets a subscription's role mention, hourly cap and channel type, and its filter, age cutoff, language, style,
   * layout, template, thread and publishing options and webhook identity when given (absent: unchanged), and resumes it
   * if it was paused.
   */
  configure(
    id: number,
    options: {
      mentionRoleId: string | null;
      maxPerHour: number | null;
      channelType: number | null;
      filter?: string | null;
      maxAgeHours?: number | null;
      webhook?: WebhookIdentity | null;
    } & Partial<SubscriptionSettings> &
      Partial<ThreadOptions>,
  ): Promise<void>;
  /** Deletes the guild's subscription `id`; false when the guild has no such subscription (another guild's id). */
  remove(guildId: string, id: number): Promise<boolean>;
  /** Deletes every subscription of the guild to the feed; returns how many. */
  removeFeed(guildId: string, feedId: number): Promise<number>;
  /** Deletes every subscription of a channel, topic subscriptions included (a deleted channel); returns how many. */
  removeChannel(channelId: string): Promise<number>;
  /**
   * Pauses the channel's active subscriptions with `reason` and returns the ones this call paused (empty when they
   * were paused already, so the caller tells the server once).
   */
  pauseChannel(channelId: string, reason: string, now: number): Promise<SubscriptionRow[]>;
  /** Pauses every active subscription of a guild, topic subscriptions included (the bot left it); returns how many. */
  pauseGuild(guildId: string, reason: string, now: number): Promise<number>;
}

function toSubscription(r: Selectable<SubscriptionsTable>): SubscriptionRow {
  return {
    id: r.id,
    guildId: r.guild_id,
    channelId: r.channel_id,
    feedId: r.feed_id,
    mentionRoleId: r.mention_role_id,
    pausedAt: r.paused_at,
    createdAt: r.created_at,
    pausedReason: r.paused_reason,
    maxPerHour: r.max_per_hour,
    channelType: r.channel_type,
    filter: r.filter,
    maxAgeHours: r.max_age_hours,
    webhook: webhookOf(r),
    ...settingsOf(r),
    ...threadOptionsOf(r),
  };
}

/** A subscription's webhook identity as stored, null when it posts as the bot. */
export function webhookOf(r: { webhook: number; webhook_name: string | null; webhook_avatar: string | null }) {
  return r.webhook ? { name: r.webhook_name, avatarUrl: r.webhook_avatar } : null;
}

/** The columns of a webhook identity (null: post as the bot). */
export function webhookColumns(webhook: WebhookIdentity | null) {
  return { webhook: webhook ? 1 : 0, webhook_name: webhook?.name ?? null, webhook_avatar: webhook?.avatarUrl ?? null };
}

/** A subscription's own language, style and layout as stored (null: the server's). */
export function settingsOf(r: {
  language: string | null;
  style: string | null;
  layout: string | null;
  template: string | null;
}): SubscriptionSettings {
  return {
    language: r.language,
    style: r.style as SummaryStyle | null,
    layout: r.layout as PostLayout | null,
    ...(r.template !== null && { template: r.template }),
  };
}

export function createKyselySubscriptionRepository({ db }: StoreContext): SubscriptionRepository {
  const findSubscription = (guildId: string, channelId: string, feedId: number) =>
    db
      .selectFrom('subscriptions')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('channel_id', '=', channelId)
      .where('feed_id', '=', feedId)
      .executeTakeFirst();

  return {
    async create(sub, now) {
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

    async ofGuild(guildId) {
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

    async get(id) {
      const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSubscription(row) : null;
    },

    async activeForFeed(feedId) {
      const rows = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('feed_id', '=', feedId)
        .where('paused_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toSubscription);
    },

    async configure(id, options) {
      const {
        mentionRoleId,
        maxPerHour,
        channelType,
        filter,
        maxAgeHours,
        language,
        style,
        layout,
        template,
        webhook,
      } = options;
      await db
        .updateTable('subscriptions')
        .set({
          mention_role_id: mentionRoleId,
          max_per_hour: maxPerHour,
          channel_type: channelType,
          ...(filter !== undefined && { filter }),
          ...(maxAgeHours !== undefined && { max_age_hours: maxAgeHours }),
          ...(language !== undefined && { language }),
          ...(style !== undefined && { style }),
          ...(layout !== undefined && { layout }),
          ...threadColumns(options),
          ...(template !== undefined && { template }),
          ...(webhook !== undefined && webhookColumns(webhook)),
          paused_at: null,
          paused_reason: null,
        })
        .where('id', '=', id)
        .execute();
    },

    async remove(guildId, id) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('id', '=', id)
        .where('guild_id', '=', guildId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async removeFeed(guildId, feedId) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('guild_id', '=', guildId)
        .where('feed_id', '=', feedId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async removeChannel(channelId) {
      const feeds = await db.deleteFrom('subscriptions').where('channel_id', '=', channelId).executeTakeFirst();
      const topics = await db.deleteFrom('topic_subscriptions').where('channel_id', '=', channelId).executeTakeFirst();
      return Number(feeds.numDeletedRows) + Number(topics.numDeletedRows);
    },

    async pauseChannel(channelId, reason, now) {
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

    async pauseGuild(guildId, reason, now) {
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
