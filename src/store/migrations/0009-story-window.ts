import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Story matching reads only recent stories: each LSH band row gets its story's creation time, and the index that
 * finds a band's stories ends with it, so the stories sharing a band with a new article are read from the last few
 * days only. Without it a templated feed ("Story 1 happened today", "Story 2…"), whose items all share bands, made
 * every new article read every item the feed ever had.
 */
export function storyWindow(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('story_bands')
        .addColumn('created_at', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update story_bands set created_at =
        (select created_at from stories where stories.story_key = story_bands.story_key)`.execute(db);
      await db.schema
        .createIndex('story_bands_band_hash_at_idx')
        .on('story_bands')
        .columns(['band', 'hash', 'created_at'])
        .execute();
    },
  };
}
