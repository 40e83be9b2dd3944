import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toSummary } from './rows.js';

/** Summaries cached per (story, requested language, style), so a story costs one LLM call per output. */
export function summaryMethods({ db }: StoreContext): Pick<Store, 'getSummary' | 'putSummary'> {
  const getSummary: Store['getSummary'] = async (storyKey, requestedLanguage, style) => {
    const row = await db
      .selectFrom('summaries')
      .selectAll()
      .where('story_key', '=', storyKey)
      .where('requested_language', '=', requestedLanguage)
      .where('style', '=', style)
      .executeTakeFirst();
    return row ? toSummary(row) : null;
  };

  return {
    getSummary,

    async putSummary(storyKey, requestedLanguage, style, summary, now) {
      const inserted = await db
        .insertInto('summaries')
        .values({
          story_key: storyKey,
          requested_language: requestedLanguage,
          style,
          headline: summary.headline,
          summary: summary.summary,
          key_points: JSON.stringify(summary.keyPoints),
          topics: JSON.stringify(summary.topics),
          language: summary.language,
          source: summary.source,
          model: summary.model,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['story_key', 'requested_language', 'style']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return toSummary(inserted);
      const existing = await getSummary(storyKey, requestedLanguage, style);
      if (!existing) throw new Error(`summary of story ${storyKey} vanished during insert`);
      return existing;
    },
  };
}
