import type { Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { DeliveryRow, DeliveryState, SubscriptionRow } from '../store.js';

type Row<T extends keyof Database> = Selectable<Database[T]>;

/** Parses a JSON text column that holds an array of strings; anything else reads as empty. */
export function parseStringArray(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toSubscription(r: Row<'subscriptions'>): SubscriptionRow {
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
  };
}

export function toDelivery(r: Row<'deliveries'>): DeliveryRow {
  return {
    id: r.id,
    articleId: r.article_id,
    channelId: r.channel_id,
    subscriptionId: r.subscription_id,
    topicSubscriptionId: r.topic_subscription_id,
    guildId: r.guild_id,
    state: r.state as DeliveryState,
    messageId: r.message_id,
    error: r.error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    attemptedAt: r.attempted_at,
  };
}
