import type { Kysely, Migration } from 'kysely';

/** "All coverage" reads a story's linked stories (reports in other languages) by the story they were linked to. */
export function storyIdIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('stories_story_id_idx').on('stories').column('story_id').execute();
    },
  };
}
