import type { ArchiveResult, ArchiveSearchRequest } from '../../search/types.js';
import type { StoreContext } from './context.js';
import { createKyselySearchIndex, type SearchIndex } from './search-index.js';
import { indexedSearch } from './search-indexed.js';

/** The archive search: the index and the queries on it. */
export interface SearchRepository extends SearchIndex {
  /** One page of matches, best first (relevance blended with recency), and how many match (counted up to a cap). */
  query(request: ArchiveSearchRequest): Promise<ArchiveResult>;
}

/** Full-text search over the index (see `search-indexed.ts`), and the index itself (see `search-index.ts`). */
export function createKyselySearchRepository(ctx: StoreContext): SearchRepository {
  const { db } = ctx;
  return {
    ...createKyselySearchIndex(ctx),
    query: (request) => indexedSearch(ctx, request, summariesFor),
  };

  /** One summary per story: the one in the guild's language and style if stored, else the latest. */
  async function summariesFor(guildId: string | null, storyKeys: string[]) {
    const best = new Map<string, { headline: string; summary: string }>();
    if (storyKeys.length === 0) return best;
    const settings =
      guildId === null
        ? undefined
        : await db
            .selectFrom('guilds')
            .select(['language', 'style'])
            .where('guild_id', '=', guildId)
            .executeTakeFirst();
    const rows = await db
      .selectFrom('summaries')
      .select(['story_key', 'requested_language', 'style', 'headline', 'summary'])
      .where('story_key', 'in', [...new Set(storyKeys)])
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows) {
      const preferred = settings?.language === r.requested_language && settings.style === r.style;
      if (preferred || !best.has(r.story_key)) best.set(r.story_key, { headline: r.headline, summary: r.summary });
    }
    return best;
  }
}
