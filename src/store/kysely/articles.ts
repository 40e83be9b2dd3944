import type { Insertable, Selectable } from 'kysely';
import type { NormalizedItem } from '../../domain.js';
import type { ArticlesTable } from '../schema.js';
import type { StoreContext } from './context.js';
import { parseStringArray } from './json-columns.js';

export type ArticleState = 'seen' | 'new' | 'summarized' | 'failed';

/** An item of a feed, as stored. */
export interface ArticleRow {
  id: number;
  feedId: number;
  itemKey: string;
  guid: string | null;
  title: string;
  link: string | null;
  publishedAt: number | null;
  author: string | null;
  imageUrl: string | null;
  contentText: string;
  categories: string[];
  /**
   * `seen`: stored on a feed's first poll, never posted. `new`: waiting for its summary and fan-out.
   * `summarized`: deliveries created. `failed`: could not be summarized at all.
   */
  state: ArticleState;
  storyKey: string | null;
  createdAt: number;
}

export interface NewArticle extends Omit<NormalizedItem, 'published' | 'contentHtml'> {
  publishedAt: number | null;
}

/** What a feed's stored articles already have of the identities probed (see {@link ArticleRepository.matchExisting}). */
export interface ExistingMatches {
  keys: Set<string>;
  links: Set<string>;
  /** `title\n\ntext` of each stored article whose title was probed. */
  titleTexts: Set<string>;
}

/** Stored feed items: insertion, their life cycle (`new` → `summarized`), and lookups the poller needs. */
export interface ArticleRepository {
  /**
   * Inserts the items that are not stored yet (unique on feed + item key) in the given state and returns the
   * inserted rows, in the order given. Items already stored are left untouched.
   */
  insert(feedId: number, items: NewArticle[], state: 'seen' | 'new', now: number): Promise<ArticleRow[]>;
  get(id: number): Promise<ArticleRow | null>;
  /**
   * Articles of the feed still in state `new` (e.g. left by a crash between insert and enqueue), oldest first (by
   * publication time, else the time they were stored).
   */
  listNew(feedId: number): Promise<ArticleRow[]>;
  /** Sets the article's state, and its story when `storyKey` is given. */
  setState(articleId: number, state: ArticleState, storyKey?: string): Promise<void>;
  /**
   * Gives an article without a picture the one found on its page; true when it was set. An article that has a
   * picture (its feed's, or one set before) keeps it.
   */
  setImageUrl(articleId: number, imageUrl: string): Promise<boolean>;
  /** Latest articles of one feed, newest first (by publication time, else the time they were stored). */
  latest(feedId: number, limit: number): Promise<ArticleRow[]>;
  /**
   * Ids of articles of any feed still in state `new` that were stored before `createdBefore` (a crash cut their run
   * short), oldest first, at most `limit`.
   */
  staleNew(createdBefore: number, limit: number): Promise<number[]>;
  /**
   * Which of the given identities the feed's stored articles already have: item keys, links (exact), and titles,
   * the last returned as the (title, text) pairs of the articles with that title.
   */
  matchExisting(feedId: number, probe: { keys: string[]; links: string[]; titles: string[] }): Promise<ExistingMatches>;
}

/** 14 bound values per row; 500 rows stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 500;
/** Values per `IN (…)` list: far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

export function toArticle(r: Selectable<ArticlesTable>): ArticleRow {
  return {
    id: r.id,
    feedId: r.feed_id,
    itemKey: r.item_key,
    guid: r.guid,
    title: r.title,
    link: r.link,
    publishedAt: r.published_at,
    author: r.author,
    imageUrl: r.image_url,
    contentText: r.content_text,
    categories: parseStringArray(r.categories),
    state: r.state as ArticleState,
    storyKey: r.story_key,
    createdAt: r.created_at,
  };
}

export function createKyselyArticleRepository({ db, write }: StoreContext): ArticleRepository {
  return {
    async insert(feedId, items, state, now) {
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

    async get(id) {
      const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toArticle(row) : null;
    },

    async listNew(feedId) {
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

    async setState(articleId, state, storyKey) {
      await db
        .updateTable('articles')
        .set({ state, ...(storyKey !== undefined && { story_key: storyKey }) })
        .where('id', '=', articleId)
        .execute();
    },

    async setImageUrl(articleId, imageUrl) {
      const result = await db
        .updateTable('articles')
        .set({ image_url: imageUrl })
        .where('id', '=', articleId)
        .where('image_url', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async latest(feedId, limit) {
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

    async staleNew(createdBefore, limit) {
      const rows = await db
        .selectFrom('articles')
        .select('id')
        .where('state', '=', 'new')
        .where('created_at', '<', createdBefore)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async matchExisting(feedId, probe) {
      const keys = new Set<string>();
      const links = new Set<string>();
      const titleTexts = new Set<string>();
      for (const part of chunks([...new Set(probe.keys)])) {
        const rows = await db
          .selectFrom('articles')
          .select('item_key')
          .where('feed_id', '=', feedId)
          .where('item_key', 'in', part)
          .execute();
        for (const r of rows) keys.add(r.item_key);
      }
      for (const part of chunks([...new Set(probe.links)])) {
        const rows = await db
          .selectFrom('articles')
          .select('link')
          .where('feed_id', '=', feedId)
          .where('link', 'in', part)
          .execute();
        for (const r of rows) if (r.link !== null) links.add(r.link);
      }
      for (const part of chunks([...new Set(probe.titles)])) {
        const rows = await db
          .selectFrom('articles')
          .select(['title', 'content_text'])
          .where('feed_id', '=', feedId)
          .where('title', 'in', part)
          .execute();
        for (const r of rows) titleTexts.add(`${r.title}\n\n${r.content_text}`);
      }
      return { keys, links, titleTexts };
    },
  };
}
