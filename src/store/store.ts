import type { ArchiveResult, ArchiveSearchRequest, ArticleDocumentSource } from '../search/types.js';
import type { ArticleRepository, ArticleRow } from './kysely/articles.js';
import type { FeedRepository } from './kysely/feeds.js';
import type { GuildRepository } from './kysely/guilds.js';
import type { StoryRepository } from './kysely/stories.js';
import type { SubscriptionRepository } from './kysely/subscriptions.js';
import type { TopicRepository, TopicSubscriptionRow } from './kysely/topics.js';
import type { UsageRepository } from './kysely/usage.js';

export type {
  ArticleRepository,
  ArticleRow,
  ArticleState,
  ExistingMatches,
  NewArticle,
} from './kysely/articles.js';
export type { DisableNotice, FeedRepository, FeedRow, NewFeed, PollFailure, PollSuccess } from './kysely/feeds.js';
export {
  DEFAULT_GUILD_SETTINGS,
  type FillerPolicy,
  type GuildRepository,
  type GuildSettings,
  type GuildSettingsChange,
  type PostLayout,
} from './kysely/guilds.js';
export type { StoryCandidate, StoryRepository, StorySignature, SummaryRow } from './kysely/stories.js';
export type {
  GuildSubscription,
  NewSubscription,
  SubscriptionRepository,
  SubscriptionRow,
} from './kysely/subscriptions.js';
export type { NewTopicSubscription, TopicRepository, TopicSubscriptionRow } from './kysely/topics.js';
export type { LlmUsageRow, SummarizeLimits, SummaryEventRow, UsageRepository } from './kysely/usage.js';

/** Times are epoch milliseconds throughout the store. Ids are database integers. */

/** `skipped`: deliberately not posted (a filler article for a server that skips filler). */
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRow {
  id: number;
  articleId: number;
  channelId: string;
  subscriptionId: number | null;
  /** The topic subscription that matched, for a delivery made by a topic rather than a feed subscription. */
  topicSubscriptionId: number | null;
  guildId: string;
  state: DeliveryState;
  messageId: string | null;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
  /**
   * When a forum post was first attempted for this delivery, recorded before calling Discord (which takes no nonce
   * there); null when none was.
   */
  attemptedAt: number | null;
}

/** The one storage port. `createSqliteStore` and `createPostgresStore` implement it; one contract suite tests both. */
export interface Store {
  /**
   * Applies pending migrations and returns their names in the order they ran (none when the schema was up to date);
   * safe to call on every start and from several processes at once.
   */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
  /** Resolves when the database answers a trivial query (readiness checks). */
  ping(): Promise<void>;

  readonly feeds: FeedRepository;
  readonly articles: ArticleRepository;
  readonly stories: StoryRepository;
  readonly usage: UsageRepository;
  readonly guilds: GuildRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly topics: TopicRepository;

  // deliveries
  /**
   * Creates one pending delivery per (article, channel) for the article's feed's active subscriptions; the unique
   * constraint on (article, channel) makes it idempotent. Returns the channel ids that have a pending delivery of
   * the article afterwards.
   */
  createDeliveries(articleId: number, now: number): Promise<string[]>;
  /**
   * Oldest pending delivery of a channel (by article publication time, the article's storage time when it has none,
   * then article id), with its article. Null when the channel has nothing pending.
   */
  nextPendingDelivery(channelId: string): Promise<{ delivery: DeliveryRow; article: ArticleRow } | null>;
  markDeliverySent(deliveryId: number, messageId: string, now: number): Promise<void>;
  /**
   * Records that a forum post is about to be started for a pending delivery: sets its `attemptedAt` unless an earlier
   * attempt set it already (a retry then looks for a post made since the first attempt).
   */
  markDeliveryAttempt(deliveryId: number, now: number): Promise<void>;
  /** Marks a pending delivery failed; a delivery already sent stays sent (a late retry's failure changes nothing). */
  markDeliveryFailed(deliveryId: number, error: string, now: number): Promise<void>;
  /** Marks a pending delivery skipped on purpose, with why (`filler`); like a failure, it never undoes a post. */
  markDeliverySkipped(deliveryId: number, reason: string, now: number): Promise<void>;
  /** Every delivery of an article, in creation order. */
  listDeliveries(articleId: number): Promise<DeliveryRow[]>;

  // discord experience: guild preferences, subscription management, delivery safety (migration 0004)
  /** Marks every pending delivery of a channel failed with `error`; returns how many. */
  failPendingDeliveries(channelId: string, error: string, now: number): Promise<number>;
  /** Up to `limit` pending deliveries of a channel with their articles, in delivery order (see nextPendingDelivery). */
  pendingDeliveries(channelId: string, limit: number): Promise<Array<{ delivery: DeliveryRow; article: ArticleRow }>>;
  /** Deliveries of the feed or topic subscription sent at or after `since`. */
  countSentSince(owner: { subscriptionId: number } | { topicSubscriptionId: number }, since: number): Promise<number>;

  // feed ingestion: backfill, health, retry, disable notices, schedule (issue 3, migration 0002)
  /**
   * Creates a pending delivery of each article to the subscription's channel (backfill of a new subscription);
   * idempotent on (article, channel). Returns how many were created.
   */
  createBackfillDeliveries(subscriptionId: number, articleIds: number[], now: number): Promise<number>;
  /**
   * Channels with a pending delivery whose article is ready to post (not state `new`): backfills, and runs a crash or
   * an outage cut short. At most `limit`, by channel id.
   */
  readyDeliveryChannels(limit: number): Promise<string[]>;
  // archive search, topic subscriptions and retention (issue 6, migration 0005)
  /**
   * (Re)indexes these articles from their current rows and their story's summaries; unknown ids are skipped.
   * `storyKeys` gives the story of an article whose key is not stored yet (during summarization).
   */
  indexArticles(articleIds: number[], now: number, storyKeys?: ReadonlyMap<number, string>): Promise<void>;
  /**
   * Indexes up to `limit` articles stored since the last call (by id, past the indexer's watermark) and moves the
   * watermark; returns how many it indexed (0: the index is up to date).
   */
  indexPending(limit: number, now: number): Promise<number>;
  /** Moves the watermark back to the start so that `indexPending` rebuilds every entry; returns the article count. */
  resetSearchIndex(): Promise<number>;
  /** One page of matches, best first (relevance blended with recency), and how many match (counted up to a cap). */
  searchIndex(request: ArchiveSearchRequest): Promise<ArchiveResult>;
  /** What the index and the topic matcher read of an article; null when it does not exist. */
  articleDocumentSource(articleId: number, storyKey?: string): Promise<ArticleDocumentSource | null>;
  /**
   * Deletes up to `limit` articles stored before `cutoff` (their index rows, deliveries go with them), keeping each
   * feed's newest `keepPerFeed` so that items a feed still lists are not taken for new ones; returns how many.
   */
  pruneArticles(cutoff: number, limit: number, keepPerFeed: number): Promise<number>;
  /**
   * Deletes up to `limit` summaries, then stories (with their LSH bands), created before `cutoff` whose story key no
   * article has any more; returns how many summaries and stories it deleted.
   */
  pruneOrphanStories(cutoff: number, limit: number): Promise<number>;
  /** Creates a pending delivery per topic subscription (idempotent on article + channel); returns how many. */
  createTopicDeliveries(articleId: number, subs: TopicSubscriptionRow[], now: number): Promise<number>;
}
