import type { ArchiveResult, ArchiveSearchRequest, ArticleDocumentSource } from '../search/types.js';
import type { ArticleRepository } from './kysely/articles.js';
import type { DeliveryRepository } from './kysely/deliveries.js';
import type { FeedRepository } from './kysely/feeds.js';
import type { GuildRepository } from './kysely/guilds.js';
import type { StoryRepository } from './kysely/stories.js';
import type { SubscriptionRepository } from './kysely/subscriptions.js';
import type { TopicRepository } from './kysely/topics.js';
import type { UsageRepository } from './kysely/usage.js';

export type {
  ArticleRepository,
  ArticleRow,
  ArticleState,
  ExistingMatches,
  NewArticle,
} from './kysely/articles.js';
export type { DeliveryRepository, DeliveryRow, DeliveryState, PendingDelivery } from './kysely/deliveries.js';
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
  readonly deliveries: DeliveryRepository;

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
}
