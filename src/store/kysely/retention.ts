import type { StoreContext } from './context.js';

/** What keeps the database from growing without end: old articles and the stories and summaries nobody uses. */
export interface RetentionRepository {
  /**
   * Deletes up to `limit` articles stored before `cutoff` (their index rows and deliveries go with them), keeping each
   * feed's newest `keepPerFeed` so that items a feed still lists are not taken for new ones; returns how many.
   */
  pruneArticles(cutoff: number, limit: number, keepPerFeed: number): Promise<number>;
  /**
   * Deletes up to `limit` summaries, then stories (with their LSH bands), created before `cutoff` whose story key no
   * article has any more; returns how many summaries and stories it deleted.
   */
  pruneOrphanStories(cutoff: number, limit: number): Promise<number>;
}

export function createKyselyRetentionRepository({ db }: StoreContext): RetentionRepository {
  return {
    async pruneArticles(cutoff, limit, keepPerFeed) {
      const feeds = await db.selectFrom('feeds').select('id').orderBy('id').execute();
      let deleted = 0;
      for (const { id: feedId } of feeds) {
        if (deleted >= limit) break;
        const kept = await db
          .selectFrom('articles')
          .select('created_at')
          .where('feed_id', '=', feedId)
          .orderBy('created_at', 'desc')
          .limit(1)
          .offset(Math.max(0, keepPerFeed - 1))
          .executeTakeFirst();
        if (!kept) continue;
        const before = keepPerFeed <= 0 ? cutoff : Math.min(cutoff, kept.created_at);
        const result = await db
          .deleteFrom('articles')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('articles')
              .select('id')
              .where('feed_id', '=', feedId)
              .where('created_at', '<', before)
              .orderBy('created_at')
              .limit(limit - deleted),
          )
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },

    async pruneOrphanStories(cutoff, limit) {
      // Created before the cutoff: a story is assigned before its article stores the key, and `/summarize url`
      // caches summaries no article refers to.
      const summaries = await db
        .deleteFrom('summaries')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('summaries as s')
            .select('s.id')
            .where('s.created_at', '<', cutoff)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('articles as a').select('a.id').whereRef('a.story_key', '=', 's.story_key'))),
            )
            .orderBy('s.id')
            .limit(limit),
        )
        .executeTakeFirst();
      const deleted = Number(summaries.numDeletedRows);
      if (deleted >= limit) return deleted;
      // The story's LSH bands go with it (on delete cascade); a story keeps its row while a summary of it remains.
      const stories = await db
        .deleteFrom('stories')
        .where('story_key', 'in', (eb) =>
          eb
            .selectFrom('stories as st')
            .select('st.story_key')
            .where('st.created_at', '<', cutoff)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('articles as a').select('a.id').whereRef('a.story_key', '=', 'st.story_key'))),
            )
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('summaries as s').select('s.id').whereRef('s.story_key', '=', 'st.story_key'))),
            )
            .limit(limit - deleted),
        )
        .executeTakeFirst();
      return deleted + Number(stories.numDeletedRows);
    },
  };
}
