import { cjkChars, fold, tokenizeFolded } from './normalize.js';

/** What an article is searched and matched by: its own fields, its feed's, and every summary of its story. */
export interface DocumentSource {
  title: string;
  contentText: string;
  categories: string[];
  feedTitle: string | null;
  summaries: ReadonlyArray<{
    headline: string;
    summary: string;
    keyPoints: string[];
    topics: string[];
    entities: string[];
  }>;
}

/** An article's normalized tokens: `head` (titles, headlines, topics, named entities) weighs more than `body`. */
export interface SearchDocument {
  head: string[];
  body: string[];
  /** Distinct CJK characters of head and body, for one-character queries. */
  chars: string[];
}

/** Long articles are indexed on their first part; PostgreSQL positions stop at 16,383 anyway. */
const MAX_CONTENT_CHARS = 20_000;
const MAX_TOKENS = 12_000;

/** Normalizes an article's searchable text (see `normalize.ts`); the same function feeds the index and topics. */
export function buildDocument(source: DocumentSource): SearchDocument {
  const headText = [source.title, ...source.summaries.flatMap((s) => [s.headline, ...s.topics, ...s.entities])].join(
    '\n',
  );
  const bodyText = [
    ...source.summaries.flatMap((s) => [s.summary, ...s.keyPoints]),
    ...source.categories,
    source.feedTitle ?? '',
    source.contentText.slice(0, MAX_CONTENT_CHARS),
  ].join('\n');
  const head = fold(headText);
  const body = fold(bodyText);
  return {
    head: tokenizeFolded(head).slice(0, MAX_TOKENS / 4),
    body: tokenizeFolded(body).slice(0, MAX_TOKENS),
    chars: cjkChars(`${head}\n${body}`),
  };
}
