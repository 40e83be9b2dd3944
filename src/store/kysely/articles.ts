import type { Insertable } from 'kysely';
import type { ArticlesTable } from '../schema.js';
import type { ArticleRow, Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toArticle } from './rows.js';

type ArticleMethods = Pick<
  Store,
  'insertArticles' | 'getArticle' | 'listNewArticles' | 'setArticleState' | 'latestArticles'
>;

/** 14 bound values per row; 500 rows stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 500;

/** Stored articles: insertion of new feed items and their life cycle. */
export function articleMethods({ db, write }: StoreContext): ArticleMethods {
  return {
    async insertArticles(feedId, items, state, now) {
      if (items.length === 0) return [];
      const inserted = await write(async (tx) => {
        const rows = [];
        for (let i = 0; i < items.length; i += INSERT_BATCH) {
          const values = items.slice(i, i + INSERT_BATCH).map(
            (item): Insertable<ArticlesTable> => ({
              feed_id: feedId,
              item_key: item.key,
              guid: item.guid,
              title: item.title,
              link: item.link,
              published_at: item.publishedAt,
              author: item.author,
              image_url: item.imageUrl,
              content_text: item.contentText,
              categories: JSON.stringify(item.categories),
              state,
              story_key: null,
              created_at: now,
            }),
          );
          rows.push(
            ...(await tx
              .insertInto('articles')
              .values(values)
              .onConflict((oc) => oc.columns(['feed_id', 'item_key']).doNothing())
              .returningAll()
              .execute()),
          );
        }
        return rows;
      });
      // RETURNING gives no order guarantee; restore the caller's order by key (a repeated key was inserted once).
      const byKey = new Map(inserted.map((r) => [r.item_key, r]));
      const out: ArticleRow[] = [];
      for (const item of items) {
        const row = byKey.get(item.key);
        if (!row) continue;
        byKey.delete(item.key);
        out.push(toArticle(row));
      }
      return out;
    },

    async getArticle(id) {
      const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toArticle(row) : null;
    },

    async listNewArticles(feedId) {
      const rows = await db
        .selectFrom('articles')
        .selectAll()
        .where('feed_id', '=', feedId)
        .where('state', '=', 'new')
        .orderBy((eb) => eb.fn.coalesce('published_at', 'created_at'))
        .orderBy('id')
        .execute();
      return rows.map(toArticle);
    },

    async setArticleState(articleId, state, storyKey) {
      await db
        .updateTable('articles')
        .set({ state, ...(storyKey !== undefined && { story_key: storyKey }) })
        .where('id', '=', articleId)
        .execute();
    },

    async latestArticles(feedId, limit) {
      const rows = await db
        .selectFrom('articles')
        .selectAll()
        .where('feed_id', '=', feedId)
        .orderBy((eb) => eb.fn.coalesce('published_at', 'created_at'), 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toArticle);
    },
  };
}
