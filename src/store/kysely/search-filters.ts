import { type RawBuilder, sql } from 'kysely';
import type { ArchiveSearchRequest } from '../../search/types.js';
import type { Dialect } from '../migrate.js';
import { escapeLike, foldCase, SQLITE_FOLD_FUNCTION } from './search-fold.js';

const DAY_MS = 86_400_000;
/** An article's rank is halved at this age, a third at twice that: relevance first, recency as the tie-breaker. */
export const RECENCY_MS = 30 * DAY_MS;

/** A column of the index row: `x.*` (article_search) on PostgreSQL, the FTS5 table's own columns on SQLite. */
function indexColumn(dialect: Dialect, name: 'feed_id' | 'at' | 'lang') {
  return dialect === 'postgres' ? sql.ref(`x.${name}`) : sql.ref(`article_fts.${name}`);
}

/**
 * The request's filters on the index row, as ` and …` (empty without any): the guild's feeds, `feed:`, `since:`,
 * `before:` and `lang:`. Feed, time and language are read from the index row, so no match costs a lookup in
 * `articles`.
 */
export function indexFilters(dialect: Dialect, request: ArchiveSearchRequest): RawBuilder<unknown> {
  const { guildId, query } = request;
  const col = (name: 'feed_id' | 'at' | 'lang') => indexColumn(dialect, name);
  const filters: RawBuilder<unknown>[] = [];
  // On PostgreSQL the feeds are read once into an array that each row is checked against: an `in (subquery)` is a
  // join, which the planner, guessing a window holds a row or two, makes a nested loop over the subscriptions for
  // every match (most of a common word's window), before ts_rank reads the tsvectors of those that pass.
  const inFeeds = (feeds: RawBuilder<unknown>) =>
    dialect === 'postgres' ? sql`${col('feed_id')} = any(array(${feeds}))` : sql`${col('feed_id')} in (${feeds})`;
  if (guildId !== null) {
    filters.push(inFeeds(sql`select s.feed_id from subscriptions s where s.guild_id = ${guildId}`));
  }
  if (query.feeds.length > 0) {
    const fold = dialect === 'postgres' ? sql`lower` : sql.id(SQLITE_FOLD_FUNCTION);
    const anyFeed = query.feeds.map((value) => {
      if (/^\d+$/u.test(value)) return sql`f.id = ${Number(value)}`;
      const pattern = `%${escapeLike(foldCase(value))}%`;
      return sql`(${fold}(coalesce(f.title, '')) like ${pattern} escape '\\' or ${fold}(f.url) like ${pattern} escape '\\')`;
    });
    filters.push(inFeeds(sql`select f.id from feeds f where ${sql.join(anyFeed, sql` or `)}`));
  }
  if (query.since !== null) filters.push(sql`${col('at')} >= ${query.since}`);
  if (query.before !== null) filters.push(sql`${col('at')} < ${query.before}`);
  if (query.langs.length > 0) {
    const anyLang = query.langs.map(
      (l) => sql`(${col('lang')} = ${l} or ${col('lang')} like ${`${escapeLike(l)}-%`} escape '\\')`,
    );
    filters.push(sql`(${sql.join(anyLang, sql` or `)})`);
  }
  return filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;
}

/** What a relevance score is divided by: `1 + age / 30 days`, an age never below 0. */
export function recencyDivisor(dialect: Dialect, now: number): RawBuilder<unknown> {
  const max = dialect === 'postgres' ? sql`greatest` : sql`max`;
  return sql`(1 + ${max}(0, (cast(${now} as bigint) - ${indexColumn(dialect, 'at')}) * 1.0 / ${RECENCY_MS}))`;
}
