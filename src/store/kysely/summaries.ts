import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Store, StorySignature } from '../store.js';
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

  /**
   * Serializes, on PostgreSQL, the assignments that could find each other: one lock per LSH band hash and one on the
   * story key, taken in one sorted order (so two assignments never wait on each other in a cycle). Articles sharing
   * no band cannot be matched to each other, so they proceed in parallel. SQLite's `BEGIN IMMEDIATE` serializes all.
   */
  const lockStories = async (tx: Kysely<Database>, story: StorySignature): Promise<void> => {
    if (dialect !== 'postgres') return;
    const names = [`key:${story.key}`, ...story.bands.map((hash, band) => `${band}:${hash}`)];
    await sql`select pg_advisory_xact_lock(k) from (
      select distinct hashtextextended(${`herald-story:`} || n, 0) as k from unnest(${names}::text[]) as n order by k
    ) as locks`.execute(tx);
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

    assignStory: (story, pick, now, match) =>
      write(async (tx) => {
        await lockStories(tx, story);
        const bands = story.bands.map((hash, band) => ({ band, hash }));
        // The stories sharing the most bands with this one are the most alike (a story at similarity s shares about
        // 32·s⁴ of the 32 bands), newest first among equals: a bounded read, however many items a templated feed has.
        const shared = tx
          .selectFrom('story_bands')
          .select((eb) => ['story_key', eb.fn.countAll().as('shared'), eb.fn.max('created_at').as('at')])
          .where('created_at', '>=', match.since)
          .where((eb) =>
            eb.or(bands.map((b) => eb.and([eb('story_bands.band', '=', b.band), eb('story_bands.hash', '=', b.hash)]))),
          )
          .groupBy('story_key')
          .orderBy('shared', 'desc')
          .orderBy('at', 'desc')
          .limit(match.limit)
          .as('shared');
        const candidates =
          bands.length === 0
            ? []
            : await tx
                .selectFrom(shared)
                .innerJoin('stories', 'stories.story_key', 'shared.story_key')
                .select(['stories.story_key as storyKey', 'stories.signature as signature'])
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
            .values(bands.map((b) => ({ band: b.band, hash: b.hash, story_key: story.key, created_at: now })))
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
