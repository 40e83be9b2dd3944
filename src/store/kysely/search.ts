import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { indexedSearch } from './search-indexed.js';

/** Full-text search over the index (see `search-indexed.ts`). */
export function searchMethods({ db, dialect, write }: StoreContext): Pick<Store, 'searchIndex'> {
  return {
    searchIndex: (request) => indexedSearch({ db, dialect, write }, request, summariesFor),
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
