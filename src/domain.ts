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

/** A parsed feed (the shape of `herald parse-feed --json`, plus `contentHtml` on items). */
export interface NormalizedFeed {
  feed: { title: string; link: string | null; language: string | null };
  items: NormalizedItem[];
}

/** What one summarization produces, whether by the LLM or the extractive fallback. */
export interface Summary {
  headline: string;
  summary: string;
  keyPoints: string[];
  topics: string[];
  /** BCP 47 tag of the text (e.g. `zh-TW`, `en`). */
  language: string;
  source: 'llm' | 'extractive';
  /** Model name for LLM summaries, null for extractive ones. */
  model: string | null;
}

export type SummaryStyle = 'brief' | 'standard' | 'detailed';

/** A failure whose message is safe to show to a Discord user as is. */
export class UserError extends Error {
  override name = 'UserError';
}
