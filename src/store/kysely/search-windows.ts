import { type Kysely, sql } from 'kysely';
import { toFts5 } from '../../search/compile.js';
import type { ParsedQuery } from '../../search/query.js';
import type { ArchiveSearchRequest } from '../../search/types.js';
import type { Database } from '../schema.js';
import { indexFilters, RECENCY_MS, recencyDivisor } from './search-filters.js';

/** Article ids per row of `search_blocks`; migration 0007 filled it with the same size. */
export const BLOCK_IDS = 256;
const DAY_MS = 86_400_000;
/**
 * The first window holds every article published in the last 30 days (and whatever shares their blocks): for a
 * common word that is usually the whole answer, and each further window costs FTS5 another pass over the word's
 * document list to compute its idf.
 */
const FIRST_WINDOW_MS = 30 * DAY_MS;
/**
 * bm25() with weights this large gives every phrase present in a row its ceiling, (k1 + 1) × idf: no row can score
 * more on that phrase, whatever its length or how often it repeats the phrase.
 */
const CEILING_WEIGHT = 1e12;
/** Rounding room when comparing a ceiling with a score. */
const MARGIN = 1 + 1e-9;

export interface RankedIds {
  /** The requested page of article ids, best first. */
  ids: number[];
  /** How many articles match, counted up to the request's `countLimit` + 1. */
  matched: number;
  /** The lowest article id ranked (SQLite): every match from there up was scored, none below it. */
  from?: number;
  /**
   * The earliest time ranked (PostgreSQL): every match from then on was scored, none before it; null when every
   * match was.
   */
  rankedFrom?: number | null;
}

interface Scored {
  id: number;
  /** bm25 / recency: negative, lower is better. */
  score: number;
  ceiling?: number;
  /** How many articles of the window match. */
  n: number;
}

const better = (a: Scored, b: Scored) => a.score - b.score || b.id - a.id;

/*
 * Rowid bounds of a window, written right after the match: FTS5 seeks to them only when they are integers (a bound
 * JavaScript number is a REAL, which FTS5 ignores and SQLite then tests on every match), and SQLite tests the terms
 * in order, so a filter reading the row's feed before them would read it for every match.
 */
const rowidFrom = (id: number) => sql`article_fts.rowid >= cast(${id} as integer)`;
const rowidBelow = (id: number) => sql`article_fts.rowid < cast(${id} as integer)`;

/**
 * The SQLite plan: BM25 over every match of a common CJK bigram is what a search costs, so the newest articles are
 * ranked first and older ones only while they could still make the page. An article's score is its BM25 divided by
 * `1 + age / 30 days`, and its BM25 is at most the query's ceiling (the sum over its phrases of 2.2 × idf), so once
 * the page's last score beats `ceiling / (1 + age / 30 days)` for every older article, no older article can make the
 * page. `search_blocks` gives the newest publication time among each 256 article ids, so "older" holds whatever
 * order articles were stored in; windows are whole blocks. At most two windows are ranked: the blocks holding the
 * last 30 days, then exactly as far back as that first page requires (everything when it is not full). The result is
 * the same page, in the same order, as ranking every match. Matches are counted up to `countLimit` + 1: in the
 * windows' own pass, and below them only while that is not reached.
 */
export async function rankNewestFirst(
  db: Kysely<Database>,
  request: ArchiveSearchRequest,
  firstWindowMs = FIRST_WINDOW_MS,
): Promise<RankedIds> {
  const { query, now, offset, limit } = request;
  const match = toFts5(query);
  const where = indexFilters('sqlite', request);
  const wanted = offset + limit;
  // Without OR every matching row holds every wanted phrase, so bm25() at ceiling weights is the query's ceiling.
  const ceilingInRows = query.all.every((clause) => clause.length === 1);

  const rank = async (start: number, end: number | null): Promise<{ rows: Scored[]; matched: number }> => {
    const range = end === null ? sql` and ${rowidFrom(start)}` : sql` and ${rowidFrom(start)} and ${rowidBelow(end)}`;
    const ceiling = ceilingInRows
      ? sql`, bm25(article_fts, ${CEILING_WEIGHT}, ${CEILING_WEIGHT}, ${CEILING_WEIGHT}) as ceiling`
      : sql``;
    // The window's matches are counted in the same pass (bm25() cannot run in a window query, hence the inner one).
    const { rows } = await sql<Scored>`select m.*, count(*) over () as n from (select article_fts.rowid as id,
        bm25(article_fts, 4.0, 1.0, 1.0) / ${recencyDivisor('sqlite', now)} as score${ceiling}
      from article_fts where article_fts match ${match}${range}${where}) m
      order by m.score, m.id desc limit ${wanted}`.execute(db);
    return { rows, matched: rows[0]?.n ?? 0 };
  };

  // Blocks where nothing was published since `since:` hold no match.
  const floor = query.since === null ? 0 : await firstBlockNewerThan(db, query.since - 1);
  if (floor === null) return { ids: [], matched: 0, from: 0 };
  const first = Math.max(floor, (await firstBlockNewerThan(db, now - firstWindowMs)) ?? floor);
  let from = first * BLOCK_IDS;
  const window = await rank(from, null);
  let ranked = window.rows;
  let matched = window.matched;
  const last = ranked[wanted - 1];
  if (first > floor) {
    // Every article below `from` was published before the window; those published before `reach` cannot beat the
    // page's last score (none can when the page is not full).
    let reach = Number.NEGATIVE_INFINITY;
    if (last !== undefined) {
      const ceiling = ceilingInRows ? -ranked[0]!.ceiling! : await queryCeiling(db, query);
      reach = now - RECENCY_MS * ((ceiling * MARGIN) / -last.score - 1);
    }
    const second = Math.max(floor, (await firstBlockNewerThan(db, reach)) ?? first);
    if (second < first) {
      const older = await rank(second * BLOCK_IDS, from);
      ranked = [...ranked, ...older.rows].sort(better).slice(0, wanted);
      matched += older.matched;
      from = second * BLOCK_IDS;
    }
  }
  // A common word fills the count in its windows already; otherwise count the rest, up to the limit.
  if (matched <= request.countLimit && from > floor * BLOCK_IDS) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from article_fts
      where article_fts match ${match} and ${rowidFrom(floor * BLOCK_IDS)} and ${rowidBelow(from)}${where}
      limit ${request.countLimit + 1 - matched})`.execute(db);
    matched += Number(rows[0]?.n ?? 0);
  }
  return { ids: ranked.slice(offset).map((r) => r.id), matched: Math.min(matched, request.countLimit + 1), from };
}

/** The lowest block holding an article published after `at`; null when none does. */
async function firstBlockNewerThan(db: Kysely<Database>, at: number): Promise<number | null> {
  const bound = Number.isFinite(at) ? at : Number.MIN_SAFE_INTEGER;
  const { rows } = await sql<{ block: number | null }>`select min(block) as block from search_blocks
    where max_at > ${bound}`.execute(db);
  return rows[0]?.block ?? null;
}

/**
 * The query's BM25 ceiling with OR in it, phrase by phrase: each alone at ceiling weights (FTS5 counts its idf over
 * the whole table, as it does inside the query).
 */
async function queryCeiling(db: Kysely<Database>, query: ParsedQuery): Promise<number> {
  let sum = 0;
  for (const term of query.all.flat()) {
    const single: ParsedQuery = { ...query, all: [[term]], none: [] };
    const { rows } = await sql<{ ceiling: number }>`select
        bm25(article_fts, ${CEILING_WEIGHT}, ${CEILING_WEIGHT}, ${CEILING_WEIGHT}) as ceiling
      from article_fts where article_fts match ${toFts5(single)} limit 1`.execute(db);
    sum += -(rows[0]?.ceiling ?? 0);
  }
  return sum;
}
