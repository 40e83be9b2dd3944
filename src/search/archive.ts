import type { Deps } from '../deps.js';
import { UserError } from '../i18n/user-error.js';
import { fold, snippet } from './normalize.js';
import { highlightTokens, parseQuery } from './query.js';

/** Results per page of `/search` and `herald search`. */
export const PAGE_SIZE = 5;
/** At most this many articles stored since the last indexing are indexed before a search answers. */
const CATCH_UP = 2_000;
/**
 * Matches are counted up to this many: counting every article that mentions a common word costs as much as ranking
 * them all (a phrase's candidates are each re-read), and 40 pages are more than anyone opens.
 */
export const COUNT_LIMIT = 200;

export interface ArchiveHit {
  articleId: number;
  title: string;
  /** The summary's headline in the guild's language and style when stored, else the latest; null when none. */
  headline: string | null;
  link: string | null;
  feedTitle: string | null;
  publishedAt: number | null;
  /** About 160 characters of the summary or text around the first match. */
  snippet: string;
}

export interface ArchivePage {
  hits: ArchiveHit[];
  /** How many articles match, at most {@link COUNT_LIMIT}. */
  total: number;
  /** True when more than {@link COUNT_LIMIT} articles match ("200+"); `pages` then stops at the 40th. */
  totalCapped: boolean;
  /** The page returned (1-based; a page past the end gives the last one). */
  page: number;
  /** Number of pages, 0 when nothing matched. */
  pages: number;
}

/** What {@link searchArchive} searches for. */
export interface ArchiveQuery {
  guildId: string | null;
  query: string;
  page?: number;
}

/**
 * Searches the archive: `guildId` limits it to the feeds that server subscribes to (null: every feed). Throws a
 * `UserError` explaining a malformed query. Articles stored since the last indexing (up to 2,000) are indexed first.
 * With `metrics`, its latency is observed in `herald_search_seconds`.
 */
export async function searchArchive(
  deps: Pick<Deps, 'store' | 'now'> & Partial<Pick<Deps, 'metrics'>>,
  query: ArchiveQuery,
): Promise<ArchivePage> {
  const stopTimer = deps.metrics?.searchLatency.startTimer();
  try {
    return await searchPage(deps, query);
  } finally {
    stopTimer?.();
  }
}

async function searchPage(
  deps: Pick<Deps, 'store' | 'now'>,
  { guildId, query, page = 1 }: ArchiveQuery,
): Promise<ArchivePage> {
  if (!Number.isInteger(page) || page < 1) throw new UserError('searchPage');
  const now = deps.now();
  const parsed = parseQuery(query, now);
  // Bounded, so a search answers in time even after an upgrade; a larger backlog is left to `herald reindex` and the
  // daily maintenance job.
  await deps.store.search.indexPending(CATCH_UP, now);
  const run = (p: number) =>
    deps.store.search.query({
      guildId,
      query: parsed,
      limit: PAGE_SIZE,
      offset: (p - 1) * PAGE_SIZE,
      now,
      countLimit: COUNT_LIMIT,
    });
  let result = await run(page);
  const pages = Math.ceil(result.total / PAGE_SIZE);
  let current = page;
  if (pages > 0 && page > pages) {
    current = pages;
    result = await run(current);
  }
  const needles = highlightTokens(parsed);
  return {
    total: result.total,
    totalCapped: result.totalCapped,
    page: current,
    pages,
    hits: result.rows.map((r) => {
      const summary = r.summary ?? '';
      const inSummary = needles.some((n) => fold(summary).includes(n));
      const body = inSummary ? snippet(summary, needles) : snippet(r.contentText || summary || r.title, needles);
      return {
        articleId: r.articleId,
        title: r.title,
        headline: r.headline,
        link: r.link,
        feedTitle: r.feedTitle,
        publishedAt: r.publishedAt,
        snippet: body,
      };
    }),
  };
}
