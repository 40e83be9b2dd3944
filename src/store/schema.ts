import type { Generated } from 'kysely';

/**
 * Kysely table types of the Herald database. Column names are snake_case; times are epoch milliseconds in
 * `bigint` columns (read back as JS numbers on both dialects); JSON arrays are stored as JSON text.
 */
export interface Database {
  feeds: FeedsTable;
  articles: ArticlesTable;
  summaries: SummariesTable;
  guilds: GuildsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
}

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  site_link: string | null;
  language: string | null;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  interval_seconds: number;
  next_poll_at: number;
  last_polled_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  failure_count: Generated<number>;
  disabled_at: number | null;
  created_at: number;
}

export interface ArticlesTable {
  id: Generated<number>;
  feed_id: number;
  item_key: string;
  guid: string | null;
  title: string;
  link: string | null;
  published_at: number | null;
  author: string | null;
  image_url: string | null;
  content_text: string;
  /** JSON array of strings. */
  categories: string;
  state: string;
  story_key: string | null;
  created_at: number;
}

export interface SummariesTable {
  id: Generated<number>;
  story_key: string;
  requested_language: string;
  style: string;
  headline: string;
  summary: string;
  /** JSON array of strings. */
  key_points: string;
  /** JSON array of strings. */
  topics: string;
  language: string;
  source: string;
  model: string | null;
  created_at: number;
}

export interface GuildsTable {
  guild_id: string;
  language: string;
  style: string;
  created_at: number;
  updated_at: number;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  feed_id: number;
  mention_role_id: string | null;
  paused_at: number | null;
  created_at: number;
}

export interface DeliveriesTable {
  id: Generated<number>;
  article_id: number;
  channel_id: string;
  subscription_id: number | null;
  guild_id: string;
  state: string;
  message_id: string | null;
  error: string | null;
  created_at: number;
  sent_at: number | null;
}
