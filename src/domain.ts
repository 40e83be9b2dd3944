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
  /** The WebSub hubs and `self` (topic) URL the document advertises; not part of the JSON contract. */
  websub?: WebSubLinks;
}

/** What a feed advertises for WebSub: its hubs (`rel="hub"`) and its own canonical URL (`rel="self"`). */
export interface WebSubLinks {
  hubs: string[];
  self: string | null;
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
  /**
   * The same entities' English names, as the LLM gave them when the summary was made (not stored with it: a cached
   * summary has none); they match stories across languages.
   */
  entitiesInEnglish?: string[];
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

/**
 * Why Herald did not read a page's article: the page is over one of the page limits (`PAGE_LIMITS` in src/html/page-limits.ts) (`too-deep`,
 * `too-many-nodes`, `too-much-text`: found by a scan of the raw HTML, before any DOM is built), or extracting it ran
 * out of time (`timeout`) or memory (`out-of-memory`).
 */
export type PageRefusal = 'too-deep' | 'too-many-nodes' | 'too-much-text' | 'timeout' | 'out-of-memory';

/** What kind of document came back instead of a feed. */
export type NotAFeedDocument = 'empty' | 'html' | 'xml' | 'json' | 'text';

/**
 * What went wrong, as data: the reply catalogues (src/i18n/) turn it into a sentence in the reader's language. Text
 * in it (a host, a status text, a parser's complaint) comes from outside and is escaped where it is shown.
 */
export type FeedProblem =
  | { code: 'http-status'; status: number; statusText: string; host: string }
  | { code: 'too-many-redirects'; max: number }
  | { code: 'timeout' }
  | { code: 'unreachable'; host: string }
  /** A 403/503 that is a bot challenge (Cloudflare's `cf-mitigated: challenge` or its challenge page). */
  | { code: 'blocked'; status: number; host: string }
  | { code: 'too-large'; maxBytes: number }
  | { code: 'invalid-url' }
  | { code: 'unsupported-scheme'; scheme: string }
  | { code: 'private-address'; host: string }
  | { code: 'not-a-feed'; document: NotAFeedDocument }
  /** A local file (`herald parse-feed <file>`) that cannot be read; `errno` is Node's code (ENOENT…). */
  | { code: 'unreadable-file'; errno: string }
  | { code: 'malformed'; detail: string }
  | { code: 'too-deep'; max: number }
  | { code: 'too-slow'; seconds: number }
  | { code: 'unreadable' };

/** Why an outline that looked like a feed cannot be one. */
export type OpmlEntryProblem =
  | { code: 'not-absolute' }
  | { code: 'unsupported-scheme'; scheme: string }
  /** A `type="rss"` outline without an `xmlUrl`. */
  | { code: 'no-address' };

/** A filter of the query language (`feed:`, `since:`, `before:`, `lang:`). */
export type QueryFilter = 'feed' | 'since' | 'before' | 'lang';

/**
 * What a story is matched by across languages, where its text cannot be compared: taken from its first LLM summary
 * (entities in English, topics), its article (measurements) and, when an embeddings model is configured, the
 * embedding of that summary.
 */
export interface StoryFacts {
  /** `zh` for Chinese in either script, else `latin`: stories of one family compare their texts too. */
  family: string;
  /** English names of the named people, organisations and places (the LLM's `entitiesInEnglish`). */
  entities: string[];
  topics: string[];
  /** Numbers with a fraction the article states (magnitude 6.1, 32.1 km): digits read the same in every language. */
  measures: string[];
  /** The summary's embedding; absent without an embeddings model. */
  embedding?: number[] | undefined;
}
