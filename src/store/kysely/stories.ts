import { type Kysely, type Selectable, sql } from 'kysely';
import type { StoryFacts, Summary, SummaryStyle } from '../../domain.js';
import type { Database, StoriesTable, SummariesTable } from '../schema.js';
import type { StoreContext } from './context.js';
import { parseStringArray } from './json-columns.js';

/** A summary of a story, cached per (story, requested language, style, variant). */
export interface SummaryRow extends Summary {
  id: number;
  storyKey: string;
  /** The output language asked for (`source` or a BCP 47 tag); `Summary.language` is what came out. */
  requestedLanguage: string;
  style: SummaryStyle;
  createdAt: number;
}

/** A story's near-duplicate signature and its LSH band hashes (index = band). */
export interface StorySignature {
  key: string;
  signature: string;
  bands: string[];
}

export interface StoryCandidate {
  storyKey: string;
  signature: string;
  /** When the story was created (its first article assigned), epoch ms. */
  createdAt: number;
}

/** A story: its key, signature, creation time, facts and the story it is linked to. */
export interface StoryRow extends StoryCandidate {
  /** The story it is linked to (one event in another language or wording), else its own key. */
  storyId: string;
  facts: StoryFacts | null;
}

/** A recent story that has facts, for matching a new story across languages. */
export interface StoryWithFacts extends StoryRow {
  facts: StoryFacts;
}

function toStory(r: Pick<Selectable<StoriesTable>, 'story_key' | 'story_id' | 'signature' | 'facts' | 'created_at'>) {
  return {
    storyKey: r.story_key,
    storyId: r.story_id ?? r.story_key,
    signature: r.signature,
    facts: r.facts === null ? null : (JSON.parse(r.facts) as StoryFacts),
    createdAt: Number(r.created_at),
  };
}

/**
 * Stories (near-duplicate articles share one, found through LSH bands), their summaries, cached so that a story costs
 * one LLM call per output, and the claims that keep two processes from summarizing one story at once.
 */
export interface StoryRepository {
  /**
   * Finds the story of a new article or creates it, atomically across processes (assignments that share a band or
   * the key run one at a time), so two copies of a story arriving at once get one key. `pick` chooses among the
   * stories created since `match.since` that share an LSH band with `story.bands`: at most `match.limit`, those
   * sharing the most bands first, then the newest. When it returns null, `story.key` is created with the signature
   * and bands (or found, when it exists already).
   */
  assign(
    story: StorySignature,
    pick: (candidates: StoryCandidate[]) => string | null,
    now: number,
    match: { since: number; limit: number },
  ): Promise<{ storyKey: string; created: boolean }>;
  /** The story of a key, with its facts (null before its first summary); null for an unknown key. */
  get(storyKey: string): Promise<StoryRow | null>;
  /** Stores the facts of the story's first summary unless it has some already (the first stay); true when stored. */
  putFacts(storyKey: string, facts: StoryFacts): Promise<boolean>;
  /** The stories created since `since` that have facts, other than `except`, newest first, at most `limit`. */
  recentWithFacts(since: number, limit: number, except: string): Promise<StoryWithFacts[]>;
  /** Makes `storyKey` part of the story `storyId` (another story's id): one event, other language or wording. */
  link(storyKey: string, storyId: string): Promise<void>;
  /** The id of the story a key belongs to: the story it was linked to, else the key itself; null for an unknown key. */
  storyIdOf(storyKey: string): Promise<string | null>;
  /** `variant` is the summarizer's model and prompt version (`Summarizer.variant`); `''` by default. */
  getSummary(
    storyKey: string,
    requestedLanguage: string,
    style: SummaryStyle,
    variant?: string,
  ): Promise<SummaryRow | null>;
  /**
   * Stores the summary unless one exists for (storyKey, requestedLanguage, style, variant); returns the stored row
   * either way.
   */
  putSummary(
    storyKey: string,
    requestedLanguage: string,
    style: SummaryStyle,
    summary: Summary,
    now: number,
    variant?: string,
  ): Promise<SummaryRow>;
  /**
   * Takes the claim on a summary cache key for `owner` until `now + ttlMs` if nobody holds it or the holder's claim
   * expired (the holder itself renews it this way); true when `owner` holds it afterwards.
   */
  claimSummary(cacheKey: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives up `owner`'s claim; a claim someone else holds is left alone. */
  releaseSummaryClaim(cacheKey: string, owner: string): Promise<void>;
}

function toSummary(r: Selectable<SummariesTable>): SummaryRow {
  return {
    id: r.id,
    storyKey: r.story_key,
    requestedLanguage: r.requested_language,
    style: r.style as SummaryStyle,
    headline: r.headline,
    summary: r.summary,
    keyPoints: parseStringArray(r.key_points),
    topics: parseStringArray(r.topics),
    entities: parseStringArray(r.entities),
    language: r.language,
    kind: r.kind === 'filler' ? 'filler' : 'news',
    source: r.source as SummaryRow['source'],
    model: r.model,
    createdAt: r.created_at,
  };
}

export function createKyselyStoryRepository({ db, dialect, write }: StoreContext): StoryRepository {
  const getSummary: StoryRepository['getSummary'] = async (storyKey, requestedLanguage, style, variant = '') => {
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

    async get(storyKey) {
      const row = await db
        .selectFrom('stories')
        .select(['story_key', 'story_id', 'signature', 'facts', 'created_at'])
        .where('story_key', '=', storyKey)
        .executeTakeFirst();
      return row ? toStory(row) : null;
    },

    async putFacts(storyKey, facts) {
      const result = await db
        .updateTable('stories')
        .set({ facts: JSON.stringify(facts) })
        .where('story_key', '=', storyKey)
        .where('facts', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async recentWithFacts(since, limit, except) {
      const rows = await db
        .selectFrom('stories')
        .select(['story_key', 'story_id', 'signature', 'facts', 'created_at'])
        .where('created_at', '>=', since)
        .where('facts', 'is not', null)
        .where('story_key', '!=', except)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.flatMap((r) => {
        const story = toStory(r);
        return story.facts ? [{ ...story, facts: story.facts }] : [];
      });
    },

    async link(storyKey, storyId) {
      await db.updateTable('stories').set({ story_id: storyId }).where('story_key', '=', storyKey).execute();
    },

    async storyIdOf(storyKey) {
      const row = await db
        .selectFrom('stories')
        .select(['story_key', 'story_id'])
        .where('story_key', '=', storyKey)
        .executeTakeFirst();
      return row ? (row.story_id ?? row.story_key) : null;
    },

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

    assign: (story, pick, now, match) =>
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
                .select([
                  'stories.story_key as storyKey',
                  'stories.signature as signature',
                  'stories.created_at as createdAt',
                ])
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
