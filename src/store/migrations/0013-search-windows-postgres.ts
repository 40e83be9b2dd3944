import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './columns.js';

/**
 * Newest-first search windows on PostgreSQL (see `search-windows-pg.ts`): a B-tree on the index row's time, which a
 * search combines with the GIN index on `tsv` to rank one time window at a time; and `search_char_days`, the days
 * (`at` / 1 day) on which some indexed article holds a one-character lexeme with a position (a lone CJK character in
 * its text), filled here from the existing index. Any other occurrence of a character is stored without a position,
 * and ranks far lower, so a search for a character proves an older window unable to make the page from this table.
 * SQLite has its own windows (migration 0007).
 */
export function searchWindowsPostgres(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`create index article_search_at_idx on article_search (at)`.execute(db);
      await sql`create table search_char_days (ch text not null, day integer not null, primary key (ch, day))`.execute(
        db,
      );
      // ts_filter keeps the lexemes with a position (of any weight): four times faster than unnest() on every row.
      await sql`insert into search_char_days (ch, day)
        select distinct e, floor(x.at / 86400000.0)::integer
        from article_search x cross join lateral unnest(tsvector_to_array(ts_filter(x.tsv, '{a,b,c,d}'))) e
        where char_length(e) = 1`.execute(db);
    },
  };
}
