import type { QueryFilter } from '../domain.js';

/** A Discord timestamp (`<t:…:R>`): each reader's client shows "in 5 minutes" in their own language and zone. */
export const relativeTime = (ms: number): string => `<t:${Math.ceil(ms / 1000)}:R>`;

/** Bytes as MiB, to one decimal where it is not whole. */
export const mebibytes = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The example value each query filter's error shows. */
export const QUERY_EXAMPLES: Readonly<Record<QueryFilter, string>> = {
  feed: 'dw',
  lang: 'zh',
  since: '7d',
  before: '7d',
};
