import { type Catalogue, en } from './i18n/en.js';

/**
 * The shapes every part of Herald agrees on. Adapters (store, feeds, summarizer, Discord) convert to and
 * from these; nothing here depends on a library.
 */

/** One feed item after parsing and normalization (the `items[]` entry of `herald parse-feed --json`). */
export interface NormalizedItem {
  /** Stable identity of the item within its feed: guid → normalized link → hash of title + date. */
  key: string;
  guid: string | null;
  title: string;
  link: string | null;
  /** ISO 8601 UTC, or null when the feed gives no valid date. */
  published: string | null;
  author: string | null;
  imageUrl: string | null;
  /** Clean text with paragraph breaks (`\n\n`), no markup. */
  contentText: string;
  /** The item's HTML as the feed carried it (content:encoded, content, or description); not part of the JSON contract. */
  contentHtml: string;
  categories: string[];
}

/** What the parser left out of a feed document past its limits (`FEED_LIMITS` in src/feeds/limits.ts). */
export interface FeedTruncation {
  /** Items the document holds. */
  itemsInDocument: number;
  /** Items read: the newest, at most `FEED_LIMITS.maxItems`. */
  itemsKept: number;
  /** Items read whose text was cut short. */
  itemsTextCut: number;
}

/** A parsed feed (the shape of `herald parse-feed --json`, plus `contentHtml` on items). */
export interface NormalizedFeed {
  feed: { title: string; link: string | null; language: string | null };
  items: NormalizedItem[];
  /** Present when the document went past a limit and only part of it was read; not part of the JSON contract. */
  truncated?: FeedTruncation;
}

/** What one summarization produces, whether by the LLM or the extractive fallback. */
export interface Summary {
  headline: string;
  summary: string;
  keyPoints: string[];
  /** Labels from the configured closed list (`LLM_TOPICS`), as configured; empty for extractive summaries. */
  topics: string[];
  /** Up to 5 named people, organisations and places, in the summary's language; empty for extractive summaries. */
  entities: string[];
  /** BCP 47 tag of the text (e.g. `zh-TW`, `en`). */
  language: string;
  /**
   * `filler` for ads, promotions, horoscopes, quizzes, live-blog shells and site notices (servers may skip those),
   * `news` otherwise; extractive summaries are always `news`.
   */
  kind: ArticleKind;
  source: 'llm' | 'extractive';
  /** Model name for LLM summaries, null for extractive ones. */
  model: string | null;
}

export type SummaryStyle = 'brief' | 'standard' | 'detailed';

/** What an article is, as the LLM judged it (see {@link Summary.kind}). */
export type ArticleKind = 'news' | 'filler';

/** A key of the reply catalogue. */
export type MessageKey = keyof Catalogue;
/** The arguments of a catalogue message: none, or its parameter object. */
export type MessageArgs<K extends MessageKey> = Parameters<Catalogue[K]>;

/**
 * A failure the user can act on, as data: a catalogue key and its parameters, never a sentence. The interaction router
 * renders it in the user's language, escaping the text parameters, which come from outside (src/discord/user-error.ts).
 * `message` is the English sentence, unescaped, for logs and the command line.
 */
export class UserError<K extends MessageKey = MessageKey> extends Error {
  override name = 'UserError';
  readonly key: K;
  readonly params: MessageArgs<K>[0];

  constructor(key: K, ...args: MessageArgs<K>) {
    super((en[key] as (params?: unknown) => string)(args[0]));
    this.key = key;
    this.params = args[0];
  }
}

/**
 * Why Herald did not read a page's article: the page is over one of the page limits (`PAGE_LIMITS` in src/html/page-limits.ts) (`too-deep`,
 * `too-many-nodes`, `too-much-text`: found by a scan of the raw HTML, before any DOM is built), or extracting it ran
 * out of time (`timeout`) or memory (`out-of-memory`).
 */
export type PageRefusal = 'too-deep' | 'too-many-nodes' | 'too-much-text' | 'timeout' | 'out-of-memory';
