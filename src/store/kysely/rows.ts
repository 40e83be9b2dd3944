import type { Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { DeliveryRow, DeliveryState, SubscriptionRow } from '../store.js';

type Row<T extends keyof Database> = Selectable<Database[T]>;

/** Parses a JSON text column that holds an array of strings; anything else reads as empty. */
export function parseStringArray(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
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
