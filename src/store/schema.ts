import type { Generated } from 'kysely';

/**
 * Kysely table types of the Herald database. Column names are snake_case; times are epoch milliseconds in
 * `bigint` columns (read back as JS numbers on both dialects); JSON arrays are stored as JSON text.
 */
export interface Database {
  feeds: FeedsTable;
  feed_disable_notices: FeedDisableNoticesTable;
  articles: ArticlesTable;
  stories: StoriesTable;
  story_bands: StoryBandsTable;
  summaries: SummariesTable;
  summary_claims: SummaryClaimsTable;
  guilds: GuildsTable;
  subscriptions: SubscriptionsTable;
  topic_subscriptions: TopicSubscriptionsTable;
  mention_rules: MentionRulesTable;
  deliveries: DeliveriesTable;
  article_search: ArticleSearchTable;
  search_state: SearchStateTable;
  llm_usage: LlmUsageTable;
  summary_events: SummaryEventsTable;
  summarize_requests: SummarizeRequestsTable;
  websub_subscriptions: WebSubSubscriptionsTable;
  poll_history: PollHistoryTable;
  forum_tag_maps: ForumTagMapsTable;
  templates: TemplatesTable;
  webhooks: WebhooksTable;
  story_posts: StoryPostsTable;
  story_post_articles: StoryPostArticlesTable;
  subscription_story_settings: SubscriptionStorySettingsTable;
  guild_story_settings: GuildStorySettingsTable;
  briefings: BriefingsTable;
  briefing_runs: BriefingRunsTable;
  briefing_parts: BriefingPartsTable;
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
  /** Failures in a row that disable the feed, set by the kind of its last failure; null while it is healthy. */
  failure_limit: number | null;
  disabled_at: number | null;
  created_at: number;
  /** Interval set for this feed alone, seconds; null: the default. */
  interval_override_seconds: number | null;
  /** The shortest interval the feed asks for (`<ttl>`, `sy:updatePeriod`), seconds. */
  declared_min_interval_seconds: number | null;
  /** `FeedErrorKind` of the last failure. */
  last_error_kind: string | null;
  /** Typical gap between the feed's new items (a weighted mean), seconds; null until known. */
  cadence_seconds: number | null;
  /** Epoch ms of the newest item seen (publication time, or first seen when undated). */
  last_item_at: number | null;
  /** Epoch ms of the item seen before the newest: two close together mark a burst. */
  previous_item_at: number | null;
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
  /** Model and prompt version the summary was made for, part of the cache key. */
  variant: Generated<string>;
  /** JSON array of named entities. */
  entities: Generated<string>;
  /** `news` | `filler`. */
  kind: Generated<string>;
}

export interface GuildsTable {
  guild_id: string;
  language: string;
  style: string;
  created_at: number;
  updated_at: number;
  /** `full` | `compact`. */
  layout: Generated<string>;
  /** IANA time zone. */
  timezone: Generated<string>;
  /** `post` | `skip`: what deliveries do with filler articles. */
  filler: Generated<string>;
  /** The name of one of its templates, used instead of `layout`; null: the preset. */
  template: Generated<string | null>;
}

/** A server's named message templates (JSON, checked when saved). */
export interface TemplatesTable {
  guild_id: string;
  name: string;
  content: string;
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
  /** Why the subscription was paused. */
  paused_reason: string | null;
  /** At most this many posts an hour; the rest become one roundup. */
  max_per_hour: number | null;
  /** Discord channel type when known (15: forum, posts become threads). */
  channel_type: number | null;
  /** A query with field terms an article must pass to be posted; null: every article. */
  filter: Generated<string | null>;
  /** Items published this many hours before they were first seen are skipped; null: no cutoff. */
  max_age_hours: Generated<number | null>;
  /** Summary language of its posts; null: the server's. */
  language: Generated<string | null>;
  /** `brief` | `standard` | `detailed`; null: the server's. */
  style: Generated<string | null>;
  /** A preset (`full`, `compact`, `headline`, `points`, `bilingual`); null: the server's. */
  layout: Generated<string | null>;
  /** `per-article`: a thread is started on each post; null: none. */
  thread: Generated<string | null>;
  /** The auto-archive of those threads in minutes (60, 1440, 4320, 10080); null: a day. */
  thread_archive_minutes: Generated<number | null>;
  /** 1: each post in an announcement channel is published (crossposted) to following servers. */
  publish: Generated<number>;
  /** The name of one of the server's templates, used instead of `layout`; null: none. */
  template: Generated<string | null>;
  /** 1: posts go through the channel's webhook (see `webhooks`); 0: as the bot. */
  webhook: Generated<number>;
  /** The name its webhook posts show; null: the feed's title. */
  webhook_name: Generated<string | null>;
  /** The avatar (an https URL) its webhook posts show; null: the feed's site icon. */
  webhook_avatar: Generated<string | null>;
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
  /** The topic subscription that created the delivery; null for feed subscriptions. */
  topic_subscription_id: number | null;
  /** When a forum post was first attempted for it (Discord takes no nonce there), null before. */
  attempted_at: number | null;
  /** JSON array of the role ids the post mentions, decided at creation; null: the owner's role (older rows, backfills). */
  mention_role_ids: Generated<string | null>;
  /** When its message was published (crossposted) from an announcement channel; null: not published. */
  published_at: Generated<number | null>;
}

/** A story's near-duplicate signature (MinHash, hex). */
export interface StoriesTable {
  story_key: string;
  signature: string;
  created_at: number;
  /** JSON `StoryFacts` of its first summary; null before it has one. */
  facts: string | null;
  /** The story (key) it reports the same event as, in another language or wording; null: its own. */
  story_id: string | null;
}

/** LSH bands of story signatures: stories sharing a (band, hash) are candidates for being the same story. */
export interface StoryBandsTable {
  band: number;
  hash: string;
  story_key: string;
  /** The story's `created_at`, so matching reads recent stories only. */
  created_at: number;
}

/** Who is summarizing a cache key right now, until when. */
export interface SummaryClaimsTable {
  cache_key: string;
  owner: string;
  expires_at: number;
}

/** LLM calls and tokens per UTC day and model. */
export interface LlmUsageTable {
  day: string;
  model: string;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** Summary events (fallbacks, faithfulness retries…) per UTC day and kind. */
export interface SummaryEventsTable {
  day: string;
  kind: string;
  count: number;
}

/** `/summarize` requests, for the per-user and per-server rate limits. */
export interface SummarizeRequestsTable {
  id: Generated<number>;
  guild_id: string;
  user_id: string;
  created_at: number;
}

/** One "this feed was disabled" notice per (feed, disabling, channel): `pending` until posted. */
export interface FeedDisableNoticesTable {
  feed_id: number;
  disabled_at: number;
  channel_id: string;
  guild_id: string;
  state: string;
  message_id: string | null;
  created_at: number;
}

/** One row per indexed article; on SQLite its tokens are in the FTS5 table `article_fts`. */
export interface ArticleSearchTable {
  article_id: number;
  feed_id: number;
  /** Publication time, else storage time. */
  at: number;
  /** Lower-case BCP 47 tag of the article's language. */
  lang: string;
  indexed_at: number;
  /** PostgreSQL only. */
  tsv?: string;
}

/** Small named counters of the search indexer (`indexed_through`: every article id up to it is indexed). */
export interface SearchStateTable {
  name: string;
  value: number;
}

/** A channel following a query across the server's feeds, or one feed. */
export interface TopicSubscriptionsTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  /** Null: every feed the server subscribes to. */
  feed_id: number | null;
  query: string;
  mention_role_id: string | null;
  paused_at: number | null;
  created_at: number;
  /** At most this many posts an hour; the rest become one roundup. */
  max_per_hour: number | null;
  /** Discord channel type when known (15: forum, posts become threads). */
  channel_type: number | null;
  /** Items published this many hours before they were first seen are skipped; null: no cutoff. */
  max_age_hours: Generated<number | null>;
  /** Summary language of its posts; null: the server's. */
  language: Generated<string | null>;
  /** `brief` | `standard` | `detailed`; null: the server's. */
  style: Generated<string | null>;
  /** A preset (`full`, `compact`, `headline`, `points`, `bilingual`); null: the server's. */
  layout: Generated<string | null>;
  /** `per-article`: a thread is started on each post; null: none. */
  thread: Generated<string | null>;
  /** The auto-archive of those threads in minutes (60, 1440, 4320, 10080); null: a day. */
  thread_archive_minutes: Generated<number | null>;
  /** 1: each post in an announcement channel is published (crossposted) to following servers. */
  publish: Generated<number>;
  /** The name of one of the server's templates, used instead of `layout`; null: none. */
  template: Generated<string | null>;
  /** 1: posts go through the channel's webhook (see `webhooks`); 0: as the bot. */
  webhook: Generated<number>;
  /** The name its webhook posts show; null: the feed's title. */
  webhook_name: Generated<string | null>;
  /** The avatar (an https URL) its webhook posts show; null: the feed's site icon. */
  webhook_avatar: Generated<string | null>;
}

/** A role a feed or topic subscription mentions, on every post or on those matching its filter. */
export interface MentionRulesTable {
  id: Generated<number>;
  guild_id: string;
  /** Exactly one of `subscription_id` and `topic_subscription_id` is set. */
  subscription_id: number | null;
  topic_subscription_id: number | null;
  role_id: string;
  /** A query with field terms; null: every post of the subscription. */
  filter: string | null;
  created_at: number;
}

/** A feed's WebSub subscription at the hub its document names (one per feed). */
export interface WebSubSubscriptionsTable {
  feed_id: number;
  /** Opaque, random: the last segment of the callback URL. */
  callback_id: string;
  hub_url: string;
  topic_url: string;
  /** `hub.secret`: the HMAC key of the hub's notifications. */
  secret: string;
  /** new, subscribing, active, unsubscribing, failed. */
  state: string;
  /** When the pending subscribe or unsubscribe was sent. */
  requested_at: number | null;
  /** End of the lease the hub granted; null until a subscription is verified. */
  lease_expires_at: number | null;
  /** When the subscription next needs something done. */
  due_at: number;
  last_error: string | null;
  updated_at: number;
}

/** One poll of a feed: when, how it went, what it brought. The newest few per feed are kept. */
export interface PollHistoryTable {
  id: Generated<number>;
  feed_id: number;
  polled_at: number;
  /** `ok` | `not-modified` | `failed`. */
  status: string;
  /** HTTP status of the answer, when one came. */
  http_status: number | null;
  /** Body size in bytes (after decompression), when a body was read. */
  bytes: number | null;
  duration_ms: number;
  new_items: number;
  /** `FeedErrorKind` of a failure (any string: new kinds need no migration). */
  error_kind: string | null;
  error: string | null;
}

/** A forum channel's own mapping of a topic label to one of its tag names. */
export interface ForumTagMapsTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  /** The label as the admin wrote it. */
  topic: string;
  /** The label folded (NFKC, case, Traditional→Simplified): what an article's label is matched on. */
  topic_key: string;
  tag: string;
  created_at: number;
}

/** The webhook Herald made in a channel and posts through; its token is a secret, never logged or shown. */
export interface WebhooksTable {
  channel_id: string;
  webhook_id: string;
  token: string;
  created_at: number;
}

/** A story's one post in a channel: the delivery that posted it; later copies are merged into it. */
export interface StoryPostsTable {
  id: Generated<number>;
  channel_id: string;
  guild_id: string;
  story_key: string;
  /** The delivery whose post this is (its message id once sent). */
  delivery_id: number;
  /** When this delivery took the story's post in the channel. */
  created_at: number;
  /** When the breaking alert was claimed; null: none yet. */
  alerted_at: number | null;
  alert_message_id: string | null;
}

/** The later copies of a story merged into its post ("Also reported by"). */
export interface StoryPostArticlesTable {
  story_post_id: number;
  article_id: number;
  added_at: number;
}

/** A feed subscription's one-post-per-story setting and breaking-alert rule. */
export interface SubscriptionStorySettingsTable {
  subscription_id: number;
  /** 1 on, 0 off, null: the server's. */
  per_story: number | null;
  alert_role_id: string | null;
  /** Outlets a story must reach… */
  alert_outlets: number | null;
  /** …within this many minutes for the alert. */
  alert_minutes: number | null;
}

/** A server's one-post-per-story default and merge window. */
export interface GuildStorySettingsTable {
  guild_id: string;
  per_story: number;
  window_hours: number;
}

/** A briefing: one post of a period's stories, at a local time on some weekdays, to one channel. */
export interface BriefingsTable {
  id: Generated<number>;
  guild_id: string;
  channel_id: string;
  channel_type: number | null;
  /** `HH:MM`, in `timezone` (null: the server's). */
  local_time: string;
  /** Weekdays it posts on, bit 0 Sunday … bit 6 Saturday. */
  days: number;
  /** Scope: one feed; with `query` null and `feed_id` null, every feed the server follows. */
  feed_id: number | null;
  /** Scope: a topic query over the server's feeds. */
  query: string | null;
  language: string | null;
  style: string | null;
  timezone: string | null;
  /** The next instant it is due, epoch ms. */
  next_at: number;
  /** The local date (`YYYY-MM-DD`) of `next_at`: the period it posts for. */
  period_key: string;
  created_at: number;
}

/** A briefing's posting for one period: started once, done once every part is posted. */
export interface BriefingRunsTable {
  briefing_id: number;
  period_key: string;
  started_at: number;
  done_at: number | null;
  /** What the briefing says for the period (JSON), composed once; null until then. */
  content: string | null;
}

/** One message of a briefing's posting. */
export interface BriefingPartsTable {
  briefing_id: number;
  period_key: string;
  part: number;
  message_id: string;
}
