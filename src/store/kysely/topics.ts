import type { Selectable } from 'kysely';
import type { TopicSubscriptionsTable } from '../schema.js';
import type { StoreContext } from './context.js';
import type { SubscriptionSettings } from './guilds.js';
import { settingsOf, type WebhookIdentity, webhookColumns, webhookOf } from './subscriptions.js';
import { type ThreadOptions, threadColumns, threadOptionsOf } from './thread-options.js';

/**
 * A channel following a query (`/subscribe topic:`) across the server's feeds or one of them; its language, style and
 * layout (null: the server's) are its own settings.
 */
export interface TopicSubscriptionRow extends SubscriptionSettings, ThreadOptions {
  id: number;
  guildId: string;
  channelId: string;
  /** Null: every feed the server subscribes to. */
  feedId: number | null;
  query: string;
  mentionRoleId: string | null;
  pausedAt: number | null;
  createdAt: number;
  /** Posts per hour before the rest of the hour's matches are folded into one roundup; null: no cap. */
  maxPerHour: number | null;
  /** The channel's Discord type when `/subscribe` saw it (15: forum, one thread per article); null: a text channel. */
  channelType: number | null;
  /** Items published this many hours before they were first seen are skipped; null: no cutoff. */
  maxAgeHours: number | null;
  /** Posts go through the channel's webhook under this identity; null: as the bot. */
  webhook: WebhookIdentity | null;
}

export interface NewTopicSubscription {
  guildId: string;
  channelId: string;
  feedId: number | null;
  query: string;
  mentionRoleId: string | null;
  /** Absent: no cap. */
  maxPerHour?: number | null;
  /** Absent: a text channel. */
  channelType?: number | null;
  /** Absent: no age cutoff. */
  maxAgeHours?: number | null;
  /** Absent: the server's settings. */
  language?: string | null;
  style?: SubscriptionSettings['style'];
  layout?: SubscriptionSettings['layout'];
  /** Absent: no thread per post, no publishing. */
  thread?: ThreadOptions['thread'];
  threadArchiveMinutes?: number | null;
  publish?: boolean;
  template?: string | null;
  /** Absent: posts as the bot. */
  webhook?: WebhookIdentity | null;
}

/** Topic subscriptions: channels following a query across their server's feeds or one of them. */
export interface TopicRepository {
  /**
   * Creates a topic subscription, or updates the channel's existing one for the same query and feed (role, hourly cap,
   * channel type, age cutoff, language, style, layout, template, thread and publishing, webhook identity) and resumes
   * it; returns it either way.
   */
  upsert(sub: NewTopicSubscription, now: number): Promise<TopicSubscriptionRow>;
  get(id: number): Promise<TopicSubscriptionRow | null>;
  /** The guild's topic subscriptions, paused ones included, oldest first. */
  ofGuild(guildId: string): Promise<TopicSubscriptionRow[]>;
  /** Deletes the guild's topic subscription `id`; false when the guild has none with that id. */
  remove(guildId: string, id: number): Promise<boolean>;
  /**
   * Active topic subscriptions that may receive the article: of guilds with any subscription to its feed (paused
   * ones included), for all of the guild's feeds or that feed; by id.
   */
  forArticle(articleId: number): Promise<TopicSubscriptionRow[]>;
  /** Pauses the channel's active topic subscriptions; returns the ones this call paused. */
  pauseChannel(channelId: string, now: number): Promise<Array<{ id: number; guildId: string }>>;
}

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
    maxAgeHours: r.max_age_hours,
    webhook: webhookOf(r),
    ...settingsOf(r),
    ...threadOptionsOf(r),
  };
}

/** Topic subscriptions: a channel following a query, and the deliveries their matches create. */
export function createKyselyTopicRepository({ db, write }: StoreContext): TopicRepository {
  return {
    async upsert(sub, now) {
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
          max_age_hours: sub.maxAgeHours ?? null,
          language: sub.language ?? null,
          style: sub.style ?? null,
          layout: sub.layout ?? null,
          ...threadColumns({
            thread: sub.thread ?? null,
            threadArchiveMinutes: sub.threadArchiveMinutes ?? null,
            publish: sub.publish ?? false,
          }),
          template: sub.template ?? null,
          ...webhookColumns(sub.webhook ?? null),
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

    async ofGuild(guildId) {
      const rows = await db
        .selectFrom('topic_subscriptions')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('id')
        .execute();
      return rows.map(toTopic);
    },

    async remove(guildId, id) {
      const result = await db
        .deleteFrom('topic_subscriptions')
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async get(id) {
      const row = await db.selectFrom('topic_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toTopic(row) : null;
    },

    async forArticle(articleId) {
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

    async pauseChannel(channelId, now) {
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
