import type { NormalizedItem, Summary, SummaryStyle } from '../domain.js';

/** Times are epoch milliseconds throughout the store. Ids are database integers. */

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  siteLink: string | null;
  language: string | null;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last body parsed, to skip re-parsing an unchanged 200. */
  bodyHash: string | null;
  intervalSeconds: number;
  nextPollAt: number;
  /** Null until the first successful poll (which marks every item seen and posts nothing). */
  lastPolledAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  failureCount: number;
  disabledAt: number | null;
  createdAt: number;
}

export type ArticleState = 'seen' | 'new' | 'summarized' | 'failed';

export interface ArticleRow {
  id: number;
  feedId: number;
  itemKey: string;
  guid: string | null;
  title: string;
  link: string | null;
  publishedAt: number | null;
  author: string | null;
  imageUrl: string | null;
  contentText: string;
  categories: string[];
  /**
   * `seen`: stored on a feed's first poll, never posted. `new`: waiting for its summary and fan-out.
   * `summarized`: deliveries created. `failed`: could not be summarized at all.
   */
  state: ArticleState;
  storyKey: string | null;
  createdAt: number;
}

export interface SummaryRow extends Summary {
  id: number;
  storyKey: string;
  /** The output language asked for (`source` or a BCP 47 tag); `Summary.language` is what came out. */
  requestedLanguage: string;
  style: SummaryStyle;
  createdAt: number;
}

export interface GuildSettings {
  guildId: string;
  /** BCP 47 tag, or `source` to keep the article's language. */
  language: string;
  style: SummaryStyle;
}

export interface SubscriptionRow {
  id: number;
  guildId: string;
  channelId: string;
  feedId: number;
  mentionRoleId: string | null;
  pausedAt: number | null;
  createdAt: number;
}

export type DeliveryState = 'pending' | 'sent' | 'failed';

export interface DeliveryRow {
  id: number;
  articleId: number;
  channelId: string;
  subscriptionId: number | null;
  guildId: string;
  state: DeliveryState;
  messageId: string | null;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface NewFeed {
  url: string;
  title: string | null;
  siteLink: string | null;
  language: string | null;
  intervalSeconds: number;
  nextPollAt: number;
}

export interface PollSuccess {
  title: string | null;
  siteLink: string | null;
  language: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  polledAt: number;
  nextPollAt: number;
}

export interface NewArticle extends Omit<NormalizedItem, 'published' | 'contentHtml'> {
  publishedAt: number | null;
}

export interface SearchHit {
  articleId: number;
  feedId: number;
  feedTitle: string | null;
  title: string;
  link: string | null;
  publishedAt: number | null;
  headline: string | null;
  summary: string | null;
}

/** The one storage port. `createSqliteStore` and `createPostgresStore` implement it; one contract suite tests both. */
export interface Store {
  /** Applies pending migrations; safe to call on every start and from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the database answers a trivial query (readiness checks). */
  ping(): Promise<void>;

  // feeds
  /** Inserts the feed, or returns the existing row for the same URL unchanged. */
  upsertFeed(feed: NewFeed): Promise<FeedRow>;
  getFeed(id: number): Promise<FeedRow | null>;
  getFeedByUrl(url: string): Promise<FeedRow | null>;
  /**
   * Feeds (not disabled, with at least one active subscription) whose `nextPollAt <= now`, oldest due first, at most
   * `limit`. Each returned feed's `nextPollAt` is pushed to `leaseUntil` in the same transaction, so a second tick does
   * not return it again while its poll is in flight; concurrent callers (several workers) get disjoint sets.
   */
  claimDueFeeds(now: number, leaseUntil: number, limit: number): Promise<FeedRow[]>;
  /**
   * Records a successful poll (200 or 304): stores the validators as given, resets `failureCount` and `lastError`,
   * sets `lastPolledAt`/`lastSuccessAt` to `polledAt`. A null `title`, `siteLink` or `language` keeps the stored value
   * (a 304 carries no feed metadata).
   */
  recordPollSuccess(feedId: number, result: PollSuccess): Promise<void>;
  /**
   * Increments `failureCount`, stores the error, sets the next poll; disables the feed when `disable` is true (keeping
   * the first `disabledAt`). Leaves `lastPolledAt` alone, since it marks the first successful poll. Throws for an
   * unknown feed.
   */
  recordPollFailure(feedId: number, error: string, nextPollAt: number, disable: boolean, now: number): Promise<FeedRow>;

  // articles
  /**
   * Inserts the items that are not stored yet (unique on feed + item key) in the given state and returns the
   * inserted rows, in the order given. Items already stored are left untouched.
   */
  insertArticles(feedId: number, items: NewArticle[], state: 'seen' | 'new', now: number): Promise<ArticleRow[]>;
  getArticle(id: number): Promise<ArticleRow | null>;
  /**
   * Articles of the feed still in state `new` (e.g. left by a crash between insert and enqueue), oldest first (by
   * publication time, else the time they were stored).
   */
  listNewArticles(feedId: number): Promise<ArticleRow[]>;
  setArticleState(articleId: number, state: ArticleState, storyKey?: string): Promise<void>;
  /** Latest articles of one feed, newest first (by publication time, else the time they were stored). */
  latestArticles(feedId: number, limit: number): Promise<ArticleRow[]>;

  // summaries
  getSummary(storyKey: string, requestedLanguage: string, style: SummaryStyle): Promise<SummaryRow | null>;
  /** Stores the summary unless one exists for (storyKey, requestedLanguage, style); returns the stored row either way. */
  putSummary(
    storyKey: string,
    requestedLanguage: string,
    style: SummaryStyle,
    summary: Summary,
    now: number,
  ): Promise<SummaryRow>;

  // guilds
  getGuildSettings(guildId: string): Promise<GuildSettings | null>;
  putGuildSettings(settings: GuildSettings, now: number): Promise<void>;

  // subscriptions
  /** Creates the subscription of a channel to a feed, or returns the existing one. */
  subscribe(
    sub: { guildId: string; channelId: string; feedId: number; mentionRoleId: string | null },
    now: number,
  ): Promise<SubscriptionRow>;
  /** All subscriptions of a guild, paused ones included, oldest first. */
  listSubscriptions(guildId: string): Promise<(SubscriptionRow & { feedUrl: string; feedTitle: string | null })[]>;
  getSubscription(id: number): Promise<SubscriptionRow | null>;
  /** Active (not paused) subscriptions to a feed. */
  subscriptionsForFeed(feedId: number): Promise<SubscriptionRow[]>;

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
  /** Marks a pending delivery failed; a delivery already sent stays sent (a late retry's failure changes nothing). */
  markDeliveryFailed(deliveryId: number, error: string, now: number): Promise<void>;
  /** Every delivery of an article, in creation order. */
  listDeliveries(articleId: number): Promise<DeliveryRow[]>;

  // search
  /**
   * Articles of the feeds the guild subscribes to (paused subscriptions included) that contain every
   * whitespace-separated word of the query, case-insensitively, in their title, their text, or the headline or summary
   * of any summary of their story; newest first. Each hit carries the story's summary in the guild's language and
   * style when stored, else the latest one. `%`, `_` and `\` in the query are plain characters. An empty query finds
   * nothing.
   */
  searchArticles(guildId: string, query: string, limit: number): Promise<SearchHit[]>;
}
