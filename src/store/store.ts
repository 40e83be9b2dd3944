import type { ArticleRepository } from './kysely/articles.js';
import type { BriefingRepository } from './kysely/briefings.js';
import type { DeliveryRepository } from './kysely/deliveries.js';
import type { DisableNoticeRepository } from './kysely/disable-notices.js';
import type { FeedAdminRepository } from './kysely/feed-admin.js';
import type { FeedRepository } from './kysely/feeds.js';
import type { ForumTagRepository } from './kysely/forum-tags.js';
import type { GuildRepository } from './kysely/guilds.js';
import type { MentionRepository } from './kysely/mentions.js';
import type { PollHistoryRepository } from './kysely/poll-history.js';
import type { RetentionRepository } from './kysely/retention.js';
import type { SearchRepository } from './kysely/search.js';
import type { StoryRepository } from './kysely/stories.js';
import type { StoryPostRepository } from './kysely/story-posts.js';
import type { SubscriptionRepository } from './kysely/subscriptions.js';
import type { TemplateRepository } from './kysely/templates.js';
import type { TopicRepository } from './kysely/topics.js';
import type { UsageRepository } from './kysely/usage.js';
import type { WebhookRepository } from './kysely/webhooks.js';
import type { WebSubRepository } from './kysely/websub.js';

export type {
  ArticleRepository,
  ArticleRow,
  ArticleState,
  ExistingMatches,
  NewArticle,
} from './kysely/articles.js';
export type {
  BriefingArticle,
  BriefingContent,
  BriefingRepository,
  BriefingRow,
  BriefingRun,
  BriefingScope,
  BriefingStory,
  NewBriefing,
  PeriodQuery,
} from './kysely/briefings.js';
export type {
  DeliveryRepository,
  DeliveryRow,
  DeliveryState,
  PendingDelivery,
  PlannedDelivery,
} from './kysely/deliveries.js';
export type { DisableNotice, DisableNoticeRepository } from './kysely/disable-notices.js';
export type { ArticleProbe, FeedAdminRepository, FeedMove } from './kysely/feed-admin.js';
export type { FeedPollDemand, FeedRepository, FeedRow, NewFeed, PollFailure, PollSuccess } from './kysely/feeds.js';
export type { ForumTagMapRow, ForumTagRepository, NewForumTagMap } from './kysely/forum-tags.js';
export {
  DEFAULT_GUILD_SETTINGS,
  type FillerPolicy,
  type GuildRepository,
  type GuildSettings,
  type GuildSettingsChange,
  POST_LAYOUTS,
  type PostLayout,
  type SubscriptionSettings,
} from './kysely/guilds.js';
export type { MentionOwner, MentionRepository, MentionRuleRow, NewMentionRule } from './kysely/mentions.js';
export type { PollHistoryRepository, PollRecord, PollStatus } from './kysely/poll-history.js';
export { POLL_HISTORY_KEEP } from './kysely/poll-history.js';
export type { RetentionRepository } from './kysely/retention.js';
export type { SearchRepository } from './kysely/search.js';
export type { SearchIndex } from './kysely/search-index.js';
export type {
  StoryCandidate,
  StoryRepository,
  StoryRow,
  StorySignature,
  StoryWithFacts,
  SummaryRow,
} from './kysely/stories.js';
export {
  DEFAULT_GUILD_STORY_SETTINGS,
  type GuildStorySettings,
  type StoryAlertRule,
  type StoryArticle,
  type StoryPostOwner,
  type StoryPostRepository,
  type StoryPostRow,
  type SubscriptionStorySettings,
} from './kysely/story-posts.js';
export type {
  GuildSubscription,
  NewSubscription,
  SubscriptionRepository,
  SubscriptionRow,
  WebhookIdentity,
} from './kysely/subscriptions.js';
export type { TemplateRepository, TemplateRow } from './kysely/templates.js';
export { NO_THREAD_OPTIONS, type ThreadOptions } from './kysely/thread-options.js';
export type { NewTopicSubscription, TopicRepository, TopicSubscriptionRow } from './kysely/topics.js';
export type { LlmUsageRow, SummarizeLimits, SummaryEventRow, UsageRepository } from './kysely/usage.js';
export type { StoredWebhook, WebhookRepository } from './kysely/webhooks.js';
export type { WebSubLink, WebSubRepository, WebSubRow, WebSubState } from './kysely/websub.js';

/**
 * The one storage port: a repository per entity, and the database's lifecycle. `createSqliteStore` and
 * `createPostgresStore` implement it; one contract suite per repository tests both. Times are epoch milliseconds
 * throughout the store; ids are database integers.
 */
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
  readonly disableNotices: DisableNoticeRepository;
  readonly articles: ArticleRepository;
  readonly stories: StoryRepository;
  readonly usage: UsageRepository;
  readonly guilds: GuildRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly topics: TopicRepository;
  readonly mentions: MentionRepository;
  readonly deliveries: DeliveryRepository;
  readonly search: SearchRepository;
  readonly retention: RetentionRepository;
  readonly websub: WebSubRepository;
  readonly pollHistory: PollHistoryRepository;
  readonly feedAdmin: FeedAdminRepository;
  readonly forumTags: ForumTagRepository;
  readonly templates: TemplateRepository;
  readonly webhooks: WebhookRepository;
  readonly storyPosts: StoryPostRepository;
  readonly briefings: BriefingRepository;
}
