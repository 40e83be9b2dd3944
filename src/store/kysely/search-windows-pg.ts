import { type Kysely, type RawBuilder, sql } from 'kysely';
import { toTsquery } from '../../search/compile.js';
import { isCharTerm, type ParsedQuery } from '../../search/query.js';
import type { ArchiveSearchRequest } from '../../search/types.js';
import type { Database } from '../schema.js';
import { indexFilters, RECENCY_MS, recencyDivisor } from './search-filters.js';
import type { RankedIds } from './search-windows.js';

const DAY_MS = 86_400_000;
/**
 * The first window: two days hold the page of a common word. Each window reads only its own days of the index
 * (migration 0023), so a small window costs little, and ranking a common word's matches is what a search costs.
 */
const FIRST_WINDOW_MS = 2 * DAY_MS;
/** Each window reaches at most this many times further back than all the earlier ones (that far while the page is not full). */
const GROWTH = 8;
/** Windows ranked one by one before the rest (everything older than the last) is ranked in one go. */
const MAX_WINDOWS = 8;
/**
 * A window of at most this many days reads its days from the index; a longer one reads whole posting lists (each
 * day's costs a lookup), with the B-tree on `at`.
 */
const DAY_WINDOW_DAYS = 128;
/** A window that would span more than this many days ranks everything older at once. */
const MAX_WINDOW_DAYS = 400;
/**
 * `ts_rank` of any article on any query is at most 1 (weights 1.0 for head positions, 0.4 for body ones): with
 * several required terms it is 1 − Π(1 − wᵢ), each wᵢ < 1 (single precision rounds it to 1 at most); otherwise the mean over the query's lexemes of
 * Σⱼ weightⱼ / (j + 1)² / (π² / 6) over the lexeme's positions in order, plus a term that is 0 when its first
 * position weighs the most, which holds in every Herald tsvector (head positions come before body ones, see
 * `toTsvector`). A test checks the bound on extreme documents.
 */
export const RANK_CEILING = 1;
/**
 * A lexeme stored without positions (a CJK character, see `toTsvector`) counts as one position of weight D (0.1):
 * 0.1 / (π² / 6).
 */
export const POSITIONLESS_RANK = 0.1 / 1.64493406685;
/**
 * A query whose windows so far foretell at most this many times the count limit of matches in the whole archive
 * ranks the rest at once: the count would read every match anyway once there are fewer than the limit.
 */
const RARE = 2;
/** How many times the days the count expects to hold its missing matches (at the windows' rate) it reads first. */
const COUNT_ROOM = 2;
/** Rounding room (ts_rank computes in single precision). */
const MARGIN = 1.001;

interface Scored {
  id: number;
  score: number;
}

interface WindowRow {
  id: number | string | null;
  score: number | null;
  n: number | string | null;
  oldest?: number | string | null;
  newest?: number | string | null;
}

const better = (a: Scored, b: Scored) => b.score - a.score || b.id - a.id;

/**
 * The PostgreSQL plan, newest articles first: ranking every match of a common word with `ts_rank` reads each one's
 * `tsvector`, which is what a search costs, so windows of time are ranked from the newest back and the search stops
 * as soon as no older article can make the page. A window's matches come from the GIN index on `tsv` and the
 * article's day (migration 0023), which reads only the window's days of each posting list. An article's score is
 * `ts_rank / (1 + age / 30 days)` and `ts_rank` is at most the query's ceiling, so once the page's last score beats
 * `ceiling / (1 + age / 30 days)` for every older article, none of them can. The ceiling is 1
 * ({@link RANK_CEILING}); a query of lone characters and words (no phrase, no AND, no exclusion) has a lower one
 * over the days on which no article holds one of its characters with a position (`search_char_days`): a
 * character's rank is then {@link POSITIONLESS_RANK}. The result is the same page, in the same order, as ranking
 * every match. Matches are counted up to `countLimit` + 1: in the windows' own pass, and below them only while that
 * is not reached, from the days expected to hold the missing ones first. A query whose windows so far foretell at
 * most `rareMatches` in the archive (by their share of its time) ranks everything older at once instead: the count
 * would read every match anyway, and a rare phrase of common words then reads each candidate once.
 */
export async function rankPostgresNewestFirst(
  db: Kysely<Database>,
  request: ArchiveSearchRequest,
  firstWindowMs = FIRST_WINDOW_MS,
  rareMatches = RARE * request.countLimit,
): Promise<RankedIds> {
  const { query, now, offset, limit, countLimit } = request;
  const wanted = offset + limit;
  const tsquery = sql`cast(${toTsquery(query)} as tsquery)`;
  // Ranked on what the articles hold: with an exclusion in the query, ts_rank gives every match 1e-20.
  const rankQuery = query.none.length === 0 ? tsquery : sql`cast(${toTsquery({ ...query, none: [] })} as tsquery)`;
  const filters = indexFilters('postgres', request);
  const from = (range: RawBuilder<unknown>) => sql`from article_search x where x.tsv @@ ${tsquery}${range}${filters}`;
  const within = (lower: number | null, upper: number | null) => {
    if (lower === null || ((upper ?? now) - lower) / DAY_MS > DAY_WINDOW_DAYS) {
      return sql`${lower === null ? sql`` : sql` and x.at >= ${lower}`}${upper === null ? sql`` : sql` and x.at < ${upper}`}`;
    }
    // Written `x.at + 0`, which the B-tree on `at` cannot answer: the planner prices `tsv @@ query` as cheap, and
    // would rather walk a short window's rows by `at` and test each one, reading every row's tsvector.
    const days = windowDays(lower, upper === null ? NEWEST : upper - 1);
    return sql` and x.at + 0 >= ${lower}${upper === null ? sql`` : sql` and x.at + 0 < ${upper}`}${days}`;
  };

  const rank = async (lower: number | null, upper: number | null) => {
    // The window's matches are counted in the same pass.
    const ranked = sql`select m.id, m.score, count(*) over () as n
      from (select x.article_id as id, ts_rank(x.tsv, ${rankQuery}) / ${recencyDivisor('postgres', now)} as score
        ${from(within(lower, upper))}) m
      order by m.score desc, m.id desc limit ${wanted}`;
    // The first window also reads the archive's first and last times (a row without a match when none does).
    const { rows } = await (upper === null
      ? sql<WindowRow>`select r.id, r.score, r.n, a.oldest, a.newest
          from (select min(at) as oldest, max(at) as newest from article_search) a left join (${ranked}) r on true
          order by r.score desc, r.id desc`
      : sql<WindowRow>`${ranked}`
    ).execute(db);
    const first = rows[0];
    return {
      rows: rows.flatMap((r) => (r.id === null ? [] : [{ id: Number(r.id), score: Number(r.score) }])),
      matched: Number(first?.n ?? 0),
      span:
        first?.oldest == null || first.newest == null
          ? null
          : { oldest: Number(first.oldest), newest: Number(first.newest) },
    };
  };

  const chars = charTerms(query);
  const lowCeiling = chars.length === 0 ? RANK_CEILING : charCeiling(query);
  let ranked: Scored[] = [];
  let matched = 0;
  let upper: number | null = null;
  /** The archive's oldest and newest times, read by the first window. */
  let span: { oldest: number; newest: number } | null = null;
  let lower: number | null = Number.isFinite(firstWindowMs) ? now - firstWindowMs : null;
  if (lower !== null && query.since !== null && lower <= query.since) lower = null;
  for (let window = 1; ; window++) {
    const found = await rank(lower, upper);
    ranked = [...ranked, ...found.rows].sort(better).slice(0, wanted);
    matched += found.matched;
    if (lower === null) break;
    if (window === 1) span = found.span;
    if (span !== null && isRare(matched, lower, span, query.since, rareMatches)) {
      // Few matches in all, by the windows' share: ranking them all at once reads each candidate once and counts
      // them in the same pass, where more windows and the count below would read them in several statements.
      upper = lower;
      lower = null;
      continue;
    }
    upper = lower;
    // Older articles published before `reach` cannot make the page (any can while it is not full).
    let reach: number | null = null;
    // Where the next window must reach at least: down to an article that lifts the ceiling.
    let target = Number.POSITIVE_INFINITY;
    const last = ranked[wanted - 1];
    if (last !== undefined) {
      const reachOf = (ceiling: number) =>
        Math.max(Number.MIN_SAFE_INTEGER, Math.floor(now - RECENCY_MS * ((ceiling * MARGIN) / last.score - 1)));
      reach = reachOf(RANK_CEILING);
      if (lowCeiling < RANK_CEILING && reach < lower) {
        // Articles after the newest day holding one of the characters with a position score at most the low ceiling.
        const positioned = await newestPositionedDay(db, chars, lower);
        if (positioned === null || (positioned + 1) * DAY_MS <= reach) reach = reachOf(lowCeiling);
        else target = positioned * DAY_MS;
      }
      if (reach >= lower) break;
    }
    // The next window reaches as far back as an older article could make the page (down to the article that lifted
    // a character's ceiling, when one did: past it the ceiling may fall again), but at most GROWTH times further back
    // than the windows so far, since ranking them may raise the page's last score and bring `reach` closer (and
    // exactly that far while the page is not full, or too weak to bound it, such as ts_rank's 1e-20 for `a -b`).
    // After MAX_WINDOWS, or past MAX_WINDOW_DAYS, everything older is ranked at once.
    let next: number | null = reach;
    if (window < MAX_WINDOWS) {
      const grown = now - GROWTH * (now - upper);
      next = Math.max(reach ?? grown, grown, target === Number.POSITIVE_INFINITY ? grown : target);
    }
    lower = window > MAX_WINDOWS || next === null || (upper - next) / DAY_MS > MAX_WINDOW_DAYS ? null : next;
    // Nothing before `since:` matches: the next window is the last.
    if (lower !== null && query.since !== null && lower <= query.since) lower = null;
  }
  // A common word fills the count in its windows already; otherwise count the older rest, up to the limit, newest
  // first in windows growing as the ranked ones do: the count stops once it is reached, before reading older days
  // (all of a common character's posting list would not even fit in `work_mem`).
  if (matched <= countLimit && lower !== null) {
    const parts: RawBuilder<unknown>[] = [];
    // The first days hold the missing matches at the rate the windows found them, with room to spare; then windows
    // grow as the ranked ones do.
    const missing = countLimit + 1 - matched;
    let first = matched === 0 ? null : Math.ceil(lower - (COUNT_ROOM * missing * (now - lower)) / matched);
    for (let end = lower; ; ) {
      const start = first ?? now - GROWTH * (now - end);
      first = null;
      if ((end - start) / DAY_MS > DAY_WINDOW_DAYS || (query.since !== null && start <= query.since)) {
        // The rest from the whole posting lists: a bitmap of the B-tree over nearly every article would cost more.
        parts.push(sql`select 1 ${from(sql` and x.at + 0 < ${end}`)}`);
        break;
      }
      parts.push(sql`select 1 ${from(within(start, end))}`);
      end = start;
    }
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from (${sql.join(parts, sql` union all `)}
      limit ${missing}) c`.execute(db);
    matched += Number(rows[0]?.n ?? 0);
  }
  return {
    ids: ranked.slice(offset).map((r) => r.id),
    matched: Math.min(matched, countLimit + 1),
    rankedFrom: lower,
  };
}

/**
 * ` and` the article's day is one from `lower`'s through `through`'s (null: none), as the index of migration 0023
 * holds them: `at` / 1 day, truncated, as a lexeme, the expression written exactly as there so that the index
 * answers it.
 */
export function windowDays(lower: number, through: number | RawBuilder<unknown>): RawBuilder<unknown> {
  const last = typeof through === 'number' ? sql`cast(${through} as bigint)` : through;
  return sql` and array_to_tsvector(array[(x.at / 86400000)::text]) @@ (select
    cast(string_agg(quote_literal(d::text), ' | ') as tsquery)
    from generate_series(cast(${lower} as bigint) / 86400000, ${last} / 86400000) d)`;
}

/** The newest article's time (the B-tree's last entry), null when there is none. */
const NEWEST = sql`(select max(at) from article_search)`;

/**
 * Whether the matches of the whole archive, estimated from those of the windows so far (from `lower` on; one more
 * than they found), are few enough to rank at once: at most `rareMatches`. The estimate scales by the windows' share
 * of the time the archive spans (from its oldest article, or `since:`, to its newest); windows holding none of that
 * time foretell nothing.
 */
function isRare(
  matched: number,
  lower: number,
  { oldest, newest }: { oldest: number; newest: number },
  since: number | null,
  rareMatches: number,
): boolean {
  if (newest <= lower) return false;
  const archive = newest - Math.max(oldest, since ?? oldest);
  return ((matched + 1) * archive) / (newest - lower) <= rareMatches;
}

/** The query's one-character terms. */
function charTerms(query: ParsedQuery): string[] {
  return [...new Set([...query.all.flat(), ...query.none].filter(isCharTerm).map((t) => t.tokens[0]!))];
}

/**
 * The ceiling of a query whose characters are all stored without positions: `ts_rank` of a query with one clause of
 * single tokens (`a`, `a OR b`) is the mean over its distinct lexemes of each one's rank, at most 1 for a word (see
 * {@link RANK_CEILING}) and exactly {@link POSITIONLESS_RANK} for such a character. Any other query keeps the ceiling.
 */
function charCeiling(query: ParsedQuery): number {
  const [clause, ...rest] = query.all;
  if (clause === undefined || rest.length > 0 || query.none.length > 0) return RANK_CEILING;
  if (clause.some((term) => term.tokens.length !== 1)) return RANK_CEILING;
  const lexemes = [...new Set(clause.map((term) => term.tokens[0]!))];
  const sum = clause
    .filter((term, k) => lexemes.indexOf(term.tokens[0]!) === k)
    .reduce((total, term) => total + (isCharTerm(term) ? POSITIONLESS_RANK : RANK_CEILING), 0);
  return sum / lexemes.length;
}

/**
 * The newest day (`at` / 1 day) holding a time before `before` on which an indexed article holds one of `chars` with
 * a position.
 */
async function newestPositionedDay(db: Kysely<Database>, chars: string[], before: number): Promise<number | null> {
  const { rows } = await sql<{ day: number | null }>`select max(day) as day from search_char_days
    where ch in (${sql.join(chars)}) and day <= ${Math.floor((Math.ceil(before) - 1) / DAY_MS)}`.execute(db);
  return rows[0]?.day ?? null;
}
