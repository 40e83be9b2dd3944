import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toSummary } from './rows.js';

type SummaryMethods = Pick<Store, 'getSummary' | 'putSummary' | 'assignStory' | 'claimSummary' | 'releaseSummaryClaim'>;

/**
 * Summaries cached per (story, requested language, style, variant), so a story costs one LLM call per output; the
 * stories with their LSH bands; and the claims that keep two processes from summarizing one story at once.
 */
export function summaryMethods({ db, dialect, write }: StoreContext): SummaryMethods {
  const getSummary: Store['getSummary'] = async (storyKey, requestedLanguage, style, variant = '') => {
    const row = await db
      .selectFrom('summaries')
      .selectAll()
      .where('story_key', '=', storyKey)
      .where('requested_language', '=', requestedLanguage)
      .where('style', '=', style)
      .where('variant', '=', variant)
      .executeTakeFirst();
    return row ? toSummary(row) : null;
  };

  /** Serializes story assignment on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already does). */
  const lockStories = async (tx: Kysely<Database>): Promise<void> => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('herald-story-assign'))`.execute(tx);
  };

  return {
    getSummary,

    async putSummary(storyKey, requestedLanguage, style, summary, now, variant = '') {
      const inserted = await db
        .insertInto('summaries')
        .values({
          story_key: storyKey,
          requested_language: requestedLanguage,
          style,
          variant,
          headline: summary.headline,
          summary: summary.summary,
          key_points: JSON.stringify(summary.keyPoints),
          topics: JSON.stringify(summary.topics),
          entities: JSON.stringify(summary.entities),
          language: summary.language,
          kind: summary.kind,
          source: summary.source,
          model: summary.model,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['story_key', 'requested_language', 'style', 'variant']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return toSummary(inserted);
      const existing = await getSummary(storyKey, requestedLanguage, style, variant);
      if (!existing) throw new Error(`summary of story ${storyKey} vanished during insert`);
      return existing;
    },

    assignStory: (story, pick, now) =>
      write(async (tx) => {
        await lockStories(tx);
        const bands = story.bands.map((hash, band) => ({ band, hash }));
        const candidates =
          bands.length === 0
            ? []
            : await tx
                .selectFrom('story_bands')
                .innerJoin('stories', 'stories.story_key', 'story_bands.story_key')
                .select(['stories.story_key as storyKey', 'stories.signature as signature'])
                .where((eb) =>
                  eb.or(
                    bands.map((b) =>
                      eb.and([eb('story_bands.band', '=', b.band), eb('story_bands.hash', '=', b.hash)]),
                    ),
                  ),
                )
                .distinct()
                .execute();
        const found = pick(candidates);
        if (found) return { storyKey: found, created: false };
        const exists = await tx
          .selectFrom('stories')
          .select('story_key')
          .where('story_key', '=', story.key)
          .executeTakeFirst();
        if (exists) return { storyKey: story.key, created: false };
        await tx
          .insertInto('stories')
          .values({ story_key: story.key, signature: story.signature, created_at: now })
          .execute();
        if (bands.length > 0) {
          await tx
            .insertInto('story_bands')
            .values(bands.map((b) => ({ band: b.band, hash: b.hash, story_key: story.key })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        return { storyKey: story.key, created: true };
      }),

    async claimSummary(cacheKey, owner, now, ttlMs) {
      await db
        .insertInto('summary_claims')
        .values({ cache_key: cacheKey, owner, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('cache_key')
            .doUpdateSet({ owner, expires_at: now + ttlMs })
            .where((eb) => eb.or([eb('summary_claims.expires_at', '<', now), eb('summary_claims.owner', '=', owner)])),
        )
        .execute();
      const row = await db
        .selectFrom('summary_claims')
        .select('owner')
        .where('cache_key', '=', cacheKey)
        .executeTakeFirst();
      return row?.owner === owner;
    },

    async releaseSummaryClaim(cacheKey, owner) {
      await db.deleteFrom('summary_claims').where('cache_key', '=', cacheKey).where('owner', '=', owner).execute();
    },
  };
}
