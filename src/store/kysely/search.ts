import { type Expression, type SqlBool, sql } from 'kysely';
import type { SearchHit, Store } from '../store.js';
import type { StoreContext } from './context.js';

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

type SearchColumn = 'articles.title' | 'articles.content_text' | 'summaries.headline' | 'summaries.summary';

/**
 * Substring search until the full-text index lands: every whitespace-separated word must occur, case-insensitively,
 * in the title, the text, or the headline or summary of any summary of the article.
 */
export function searchMethods({ db, dialect }: StoreContext): Pick<Store, 'searchArticles'> {
  const contains = (column: SearchColumn, pattern: string): Expression<SqlBool> => {
    const folded =
      dialect === 'postgres'
        ? sql`lower(${sql.ref(column)})`
        : sql`${sql.id(SQLITE_FOLD_FUNCTION)}(${sql.ref(column)})`;
    return sql<SqlBool>`${folded} like ${pattern} escape ${'\\'}`;
  };

  return {
    async searchArticles(guildId, query, limit) {
      const words = query.split(/\s+/u).filter((w) => w.length > 0);
      if (words.length === 0 || limit <= 0) return [];

      let select = db
        .selectFrom('articles')
        .innerJoin('feeds', 'feeds.id', 'articles.feed_id')
        .select([
          'articles.id',
          'articles.feed_id',
          'feeds.title as feed_title',
          'articles.title',
          'articles.link',
          'articles.published_at',
          'articles.story_key',
        ])
        .where('articles.feed_id', 'in', (eb) =>
          eb.selectFrom('subscriptions').select('subscriptions.feed_id').where('subscriptions.guild_id', '=', guildId),
        );
      for (const word of words) {
        const pattern = `%${escapeLike(foldCase(word))}%`;
        select = select.where((eb) =>
          eb.or([
            contains('articles.title', pattern),
            contains('articles.content_text', pattern),
            eb.exists(
              eb
                .selectFrom('summaries')
                .select(sql.lit(1).as('one'))
                .whereRef('summaries.story_key', '=', 'articles.story_key')
                .where((inner) =>
                  inner.or([contains('summaries.headline', pattern), contains('summaries.summary', pattern)]),
                ),
            ),
          ]),
        );
      }
      const rows = await select
        .orderBy((eb) => eb.fn.coalesce('articles.published_at', 'articles.created_at'), 'desc')
        .orderBy('articles.id', 'desc')
        .limit(limit)
        .execute();

      const summaries = await summariesFor(
        guildId,
        rows.flatMap((r) => (r.story_key === null ? [] : [r.story_key])),
      );
      return rows.map((r): SearchHit => {
        const best = r.story_key === null ? undefined : summaries.get(r.story_key);
        return {
          articleId: r.id,
          feedId: r.feed_id,
          feedTitle: r.feed_title,
          title: r.title,
          link: r.link,
          publishedAt: r.published_at,
          headline: best?.headline ?? null,
          summary: best?.summary ?? null,
        };
      });
    },
  };

  /** One summary per story: the one in the guild's language and style if stored, else the latest. */
  async function summariesFor(guildId: string, storyKeys: string[]) {
    const best = new Map<string, { headline: string; summary: string }>();
    if (storyKeys.length === 0) return best;
    const settings = await db
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
