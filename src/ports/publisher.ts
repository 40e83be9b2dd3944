import type { Summary } from '../domain.js';
import type { ArticleRow, BriefingStory, FeedRow, PostLayout } from '../store/store.js';

export type { BriefingStory } from '../store/store.js';

/*
 * The publishing port: how the pipeline puts an article, a roundup or a notice in front of a server, said in the
 * pipeline's terms. src/discord/publisher.ts implements it and owns everything Discord: rendering and truncation,
 * channel kinds, nonces, forum-post adoption, and the meaning of Discord's errors.
 *
 * Layering rule: src/ports/ is a leaf between the pipeline and its adapters. Its files import types only, and only
 * from src/domain.ts and src/store/; the pipeline declares what it needs here, src/discord/ implements it, and
 * neither imports the other (the import rules in .dependency-cruiser.cjs hold all three to it).
 */

/** Why a destination was lost; stored on its paused subscriptions and explained to the server in its language. */
export type PauseReason =
  | 'channel-deleted'
  | 'missing-access'
  | 'missing-permissions'
  | 'bot-removed'
  | 'thread-locked'
  /** A subscription posts under its own name, and the bot may not make the channel's webhook for it. */
  | 'missing-manage-webhooks';

/** Where a subscription's posts go: one channel of one server, as the subscription recorded it. */
export interface Destination {
  guildId: string;
  channelId: string;
  /**
   * The channel's kind as the platform numbered it when the subscription was made (null: not known, a plain
   * channel). Carried as recorded; only the publisher reads it.
   */
  channelType: number | null;
}

/**
 * Which try at a delivery this is. The pipeline records the first try of a delivery before it publishes, so a later
 * try knows when an earlier one began even if that one died before recording its result.
 */
export interface Attempt {
  /** The delivery being published: the publisher derives its idempotency keys (nonces) from it. */
  deliveryId: number;
  /**
   * When an earlier try of this delivery began (epoch ms), null on the first. Where the platform takes no idempotency
   * key, the publisher adopts what the bot published there since then instead of publishing a second copy.
   */
  earlierAttemptAt: number | null;
}

/** The feed an article came from, as a post names it. */
export interface FeedRef {
  id: number;
  title: string | null;
  url: string;
  siteLink: string | null;
}

/**
 * "Post under this identity" instead of as the bot: a name and avatar of the subscription's own. A null name is the
 * feed's title, a null avatar its site's icon.
 */
export interface PostIdentity {
  name: string | null;
  /** An https URL. */
  avatarUrl: string | null;
}

/** One article for one subscription. */
export interface ArticlePublication {
  destination: Destination;
  attempt: Attempt;
  article: ArticleRow;
  feed: FeedRef;
  /** The summary in the server's language and style, made by the summarize stage. */
  summary: Summary;
  /**
   * The roles the post mentions, decided by the pipeline (every subscription of the channel that posts the article,
   * and their matching mention rules), at most 100; nothing else in a post may ping anyone.
   */
  mentionRoleIds: string[];
  /** The preset the post takes when it has no custom template. */
  layout: PostLayout;
  /**
   * Start a discussion thread on the post, named from the headline, archived after `archiveMinutes` without activity
   * (60, 1440, 4320 or 10080). Only a post that is a message in a channel gets one (not a forum post, nor a post in a
   * thread). A retry never starts a second thread.
   */
  thread?: { archiveMinutes: number };
  /** Publish the post to the servers following its announcement channel; a retry never publishes twice. */
  publish?: boolean;
  /**
   * Tag names a forum post should carry (the article's topic labels and the names the forum maps them to); the
   * publisher applies those the forum has, at most as many as the platform allows.
   */
  tags?: string[];
  /**
   * The source of the server's custom template the subscription (or server) chose, checked when it was saved; it
   * shapes the post instead of `layout`. Absent or null: the preset.
   */
  template?: string | null;
  /** Post under this identity; absent or null: as the bot. Posting so never weakens what a post may mention. */
  identity?: PostIdentity | null;
  /** Set when the post stands for its story in the channel (one post per story): what it names besides itself. */
  story?: StoryCoverage;
}

/** One other outlet's report of a story, as a story post names it. */
export interface OutletReport {
  /** The outlet's name (its feed's title, else its host): outside text. */
  outlet: string;
  link: string | null;
}

/** What a story's post says of the story beyond its own article. */
export interface StoryCoverage {
  /** The story's key: the post offers every outlet's report of it ("All coverage"). */
  storyKey: string;
  /** The other outlets that reported it, one report per outlet, in the order they came; may be empty. */
  alsoReportedBy: OutletReport[];
  /** The server's language setting (a BCP 47 tag, or `source`), for the post's own words. */
  language: string;
}

/** A story's post, published already, to be shown again with the story's coverage as it now stands. */
export interface CoverageUpdate {
  destination: Destination;
  /** What `publishArticle` answered for the post. */
  messageId: string;
  /** The post as it was published, with its coverage now: the whole post is rendered again from it. */
  publication: Omit<ArticlePublication, 'destination' | 'attempt'> & { story: StoryCoverage };
}

/** What became of a coverage update. */
export type UpdateOutcome =
  | { status: 'updated' }
  /** The post is gone, or not the bot's to change: a copy of the story is posted anew instead. */
  | { status: 'post-gone'; detail: string }
  | Exclude<PublishOutcome, { status: 'delivered' }>;

/** "This story reached N outlets within M minutes", as a reply to the story's post that mentions roles. */
export interface StoryAlert {
  destination: Destination;
  /** The story's post (what `publishArticle` answered). */
  messageId: string;
  /** Identifies the alert (the story post's record id): a retry of it is not published twice. */
  alertId: number;
  /** Every role it mentions; nothing else in it may ping anyone. */
  roleIds: string[];
  /** Outlets the story reached, and within how many minutes. */
  outlets: number;
  minutes: number;
  /** The server's language setting, for the alert's words. */
  language: string;
}

/** The articles past a subscription's hourly cap, as one post. */
export interface RoundupPublication {
  destination: Destination;
  /** The attempt of the roundup's first delivery, which stands for all of them. */
  attempt: Attempt;
  articles: ArticleRow[];
  /** The feed of the first article; the roundup is about it unless `topic` is set. */
  feed: FeedRef;
  /** The query of the topic subscription the roundup is for; null for a feed subscription. */
  topic: string | null;
  /** The server's language setting (a BCP 47 tag, or `source`), for the roundup's own words. */
  language: string;
  /** Publish the roundup to the servers following its announcement channel. */
  publish?: boolean;
  /** Post under this identity; absent or null: as the bot. */
  identity?: PostIdentity | null;
}

/** A period's briefing for one channel. */
export interface BriefingPublication {
  destination: Destination;
  /** With `periodKey`, identifies the briefing's posting: the publisher derives its idempotency keys from them. */
  briefingId: number;
  /** The local date (`YYYY-MM-DD`) the briefing is for; shown in its title. */
  periodKey: string;
  /**
   * When an earlier try of this period's posting began (epoch ms), null on the first: where the platform takes no
   * idempotency key (a forum post), what the bot published since then is adopted.
   */
  earlierAttemptAt: number | null;
  /** Parts (by number) an earlier try posted and recorded: they are not posted again. */
  posted: ReadonlyMap<number, string>;
  /** The opening paragraph (outside text: the LLM's, or the top headlines). */
  opening: string;
  /** The stories, in order. */
  stories: BriefingStory[];
  /** The briefing's language setting (a BCP 47 tag, or `source`), for its own words. */
  language: string;
}

/** "This feed was disabled", to one channel that follows it. */
export interface FeedDisabledNotice {
  guildId: string;
  channelId: string;
  /** `lastErrorKind` says what may help (a site that blocks bots); a notice without it shows the error as it is. */
  feed: Pick<FeedRow, 'id' | 'url' | 'title' | 'lastError'> & Partial<Pick<FeedRow, 'lastErrorKind'>>;
  /** When the feed was disabled: with the feed and the channel, it identifies the notice (sent once per disabling). */
  disabledAt: number;
  /** Consecutive failures that disabled it. */
  failures: number;
  /** The server's language setting (null: none stored). */
  language: string | null;
}

/** "Posting in this channel stopped", to a server's admins. */
export interface PauseNotice {
  guildId: string;
  channelId: string;
  reason: PauseReason;
  /** Subscriptions paused. */
  count: number;
  /** The server's language setting (null: none stored). */
  language: string | null;
}

/** What became of a publication. */
export type PublishOutcome =
  /**
   * Published; `messageId` is what the platform calls it (a message, or the thread of a forum post). `published`: it
   * was also published to following servers. `problems`: what was asked beyond the post and could not be done (a
   * thread, publishing), for the logs; the post itself stands and is not retried for them.
   */
  | { status: 'delivered'; messageId: string; published?: boolean; problems?: string[] }
  /** The platform could not take it now (outage, rate limits past the client's retries): try again later. */
  | { status: 'retry-later'; detail: string }
  /** The destination is gone or closed to the bot: every later post there would fail the same way. */
  | { status: 'destination-lost'; reason: PauseReason; detail: string }
  /** The platform refused this publication itself: publishing it again cannot help. */
  | { status: 'rejected'; detail: string };

/** Where a notice to a server's admins went. */
export type NoticeTarget = 'system-channel' | 'channel' | 'owner-dm' | 'nowhere';

/**
 * Port: publishes to the servers Herald serves. Every method resolves with an outcome for what the platform said;
 * it rejects only for what no outcome covers (a bug, a process stopping), which the caller lets propagate.
 */
export interface Publisher {
  /** Publishes one article to its subscription's destination. */
  publishArticle(publication: ArticlePublication): Promise<PublishOutcome>;
  /**
   * Shows a story's post again with the story's coverage as it now stands (the later copies merged into it). The
   * post is rendered whole from `update`, so repeating an update changes nothing.
   */
  updateCoverage(update: CoverageUpdate): Promise<UpdateOutcome>;
  /** Replies to a story's post with its breaking alert; a retry of the same alert is not published twice. */
  publishAlert(alert: StoryAlert): Promise<PublishOutcome>;
  /** Publishes the articles past a subscription's hourly cap as one roundup. */
  publishRoundup(publication: RoundupPublication): Promise<PublishOutcome>;
  /**
   * Publishes a briefing, split into as many messages as Discord's limits need (in a forum, one post and replies in
   * it), none mentioning anyone. Calls `posted` with each part's number and message id as soon as it is posted (the
   * caller records it before the next part is posted). Never publishes a part twice: a part in
   * `publication.posted` is skipped, and a retry of a part an earlier try posted but did not record gets the first
   * message back (a nonce per briefing, period and part; adoption in a forum).
   */
  publishBriefing(
    publication: BriefingPublication,
    posted: (part: number, messageId: string) => Promise<void>,
  ): Promise<PublishOutcome>;
  /** Tells a channel that a feed it follows was disabled; a retry of the same notice is not published twice. */
  announceFeedDisabled(notice: FeedDisabledNotice): Promise<PublishOutcome>;
  /**
   * Tells a server's admins that posting in one of its channels was paused, wherever the bot can still speak there;
   * never rejects for the platform's refusals, and answers where the notice went.
   */
  announcePause(notice: PauseNotice): Promise<NoticeTarget>;
}
