import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { indexedSearch } from './search-indexed.js';

/** Name of the SQLite function the SQLite adapter registers as {@link foldCase}, since SQLite's lower() is ASCII-only. */
export const SQLITE_FOLD_FUNCTION = 'herald_fold';

/** Case folding applied to both the query and the searched text. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Escapes LIKE's wildcards so that every character of `word` matches itself (escape character: backslash). */
export function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

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
