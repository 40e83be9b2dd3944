import type { ArticleRow, FeedRow, PollRecord } from '../store/store.js';

/*
 * What `/feed why` found, as the pipeline tells it (src/pipeline/use-cases/feed-admin.ts) and src/discord renders it
 * (src/discord/feed-admin.ts). Types only, like every port.
 */

/** What became of an article in one channel, from Herald's records. */
export type ChannelVerdict =
  | { kind: 'posted'; messageId: string; at: number | null }
  /** Posted as one line of a roundup message with `count` articles. */
  | { kind: 'roundup'; messageId: string; count: number; at: number | null }
  /** A subscription filter left it out; `clause` is the filter clause that did. */
  | { kind: 'filtered'; clause: string }
  /** Older than the subscription's age cutoff when first seen. */
  | { kind: 'too-old'; reason: string }
  | { kind: 'filler' }
  /** Added to the post of its story already in the channel (one post per story); `messageId` null: not posted yet. */
  | { kind: 'merged'; messageId: string | null }
  /** Skipped for a reason this Herald does not know by name. */
  | { kind: 'skipped'; reason: string }
  | { kind: 'waiting-llm'; since: number }
  /** Summarized and waiting for its turn in the channel. */
  | { kind: 'queued'; since: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'paused'; since: number; reason: string | null }
  /** Already in the feed when Herald started following it (or moved it): marked seen, never posted. */
  | { kind: 'seen'; at: number }
  /** Stored before this channel followed the feed. */
  | { kind: 'before-subscription'; subscribedAt: number }
  | { kind: 'no-record' };

export interface ArticleVerdicts {
  article: ArticleRow;
  feed: FeedRow;
  channels: Array<{ channelId: string; verdict: ChannelVerdict }>;
}

export type WhyReport =
  | { status: 'found'; articles: ArticleVerdicts[] }
  /** No feed of this guild has the article: the feeds it could have come from, with their last poll. */
  | { status: 'not-seen'; feeds: Array<{ feed: FeedRow; lastPoll: PollRecord | null }> };
