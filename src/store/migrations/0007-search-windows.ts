import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './columns.js';

/**
 * Archive search at a million articles, and retention without orphans. On SQLite, `search_blocks` keeps the newest
 * `at` of every 256 consecutive article ids (`block` = id / 256, the size `search-windows.ts` reads it with), so a
 * search can rank the newest articles first and prove that no older one can make the page; filled here from the
 * existing index. On both databases, indexes on the story key let retention find stories no article uses any more,
 * and delete a story's LSH bands with it.
 */
export function searchWindows(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        await sql`create table search_blocks (block integer primary key, max_at bigint not null)`.execute(db);
        await sql`create index search_blocks_max_at_idx on search_blocks (max_at)`.execute(db);
        await sql`insert into search_blocks (block, max_at)
          select article_id / 256, max(at) from article_search group by article_id / 256`.execute(db);
      }
      await db.schema.createIndex('articles_story_key_idx').on('articles').column('story_key').execute();
      await db.schema.createIndex('story_bands_story_key_idx').on('story_bands').column('story_key').execute();
    },
  };
}
