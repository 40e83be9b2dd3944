import type { Kysely, Migration } from 'kysely';

/**
 * Stories across languages: each story keeps the facts of its first summary (English entity names, topics,
 * measurements, the summary's embedding when configured; JSON) and the story it was linked to (an English and a
 * Chinese report of one event keep their own keys, each with summaries in its own language, and share `story_id`).
 * Linking reads the stories with facts created in the last hours, by creation time.
 */
export function storyFacts(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stories').addColumn('facts', 'text').execute();
      await db.schema.alterTable('stories').addColumn('story_id', 'text').execute();
      await db.schema.createIndex('stories_created_at_idx').on('stories').column('created_at').execute();
    },
  };
}
