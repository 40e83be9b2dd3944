import type { DocumentSource } from './document.js';
import type { ParsedQuery } from './query.js';

/** A page of an archive search, as the store runs it. */
export interface ArchiveSearchRequest {
  /** Only articles of the feeds this guild subscribes to (paused subscriptions included); null: every feed. */
  guildId: string | null;
  query: ParsedQuery;
  limit: number;
  offset: number;
  /** Recency is measured from here. */
  now: number;
  /** Matches are counted up to this many; past it the total is given as "at least" this (`totalCapped`). */
  countLimit: number;
}

/** A page of matches, best first, and how many match in all. */
export interface ArchiveResult {
  rows: ArchiveRow[];
  /** How many articles match; the request's `countLimit` when more do. */
  total: number;
  /** True when more than `countLimit` articles match: `total` is then a lower bound. */
  totalCapped: boolean;
}

/** One matching article, with the summary a guild would read (its language and style when stored, else the latest). */
export interface ArchiveRow {
  articleId: number;
  feedId: number;
  feedTitle: string | null;
  title: string;
  link: string | null;
  publishedAt: number | null;
  headline: string | null;
  summary: string | null;
  contentText: string;
}

/** Everything the index and the topic matcher read of one article. */
export interface ArticleDocumentSource extends DocumentSource {
  articleId: number;
  feedId: number;
  feedUrl: string;
  /** Lower-case BCP 47 tag: the summaries' source language, else detected from the text. */
  lang: string;
  publishedAt: number | null;
  createdAt: number;
}
