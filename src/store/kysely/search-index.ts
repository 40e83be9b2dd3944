import { sql } from 'kysely';
import { toFts5Columns, toTsvector } from '../../search/compile.js';
import { buildDocument } from '../../search/document.js';
import type { ArticleDocumentSource } from '../../search/types.js';
import { articleLanguage } from '../../summarize/language.js';
import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { parseStringArray } from './json-columns.js';
import { BLOCK_IDS } from './search-windows.js';

type IndexMethods = Pick<
  Store,
  | 'indexArticles'
  | 'indexPending'
  | 'resetSearchIndex'
  | 'articleDocumentSource'
  | 'pruneArticles'
  | 'pruneOrphanStories'
>;

const WATERMARK = 'indexed_through';
/** Ids per statement when loading or writing documents. */
const CHUNK = 200;
/** Characters the language guess reads: enough to tell scripts apart, cheap at a million articles. */
const LANGUAGE_SAMPLE = 300;

/**
 * The time an article is searched and ranked by: its publication, else its storage; a date in the future counts as
 * its storage, so that a bogus date neither tops every search nor defeats the newest-first search windows.
 */
function indexTime(source: ArticleDocumentSource): number {
  return Math.min(source.publishedAt ?? source.createdAt, source.createdAt);
}

/** The search index: documents built from articles and their summaries, written per dialect, and retention. */
export function searchIndexMethods({ db, dialect, write }: StoreContext): IndexMethods {
  async function sources(ids: number[], storyKeys?: ReadonlyMap<number, string>): Promise<ArticleDocumentSource[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('articles')
      .innerJoin('feeds', 'feeds.id', 'articles.feed_id')
      .select([
        'articles.id',
        'articles.feed_id',
        'articles.title',
        'articles.content_text',
        'articles.categories',
        'articles.story_key',
        'articles.published_at',
        'articles.created_at',
        'feeds.title as feed_title',
        'feeds.url as feed_url',
        'feeds.language as feed_language',
      ])
      .where('articles.id', 'in', ids)
      .orderBy('articles.id')
      .execute()
      .then((found) => found.map((r) => ({ ...r, story_key: storyKeys?.get(r.id) ?? r.story_key })));
    const keys = [...new Set(rows.flatMap((r) => (r.story_key === null ? [] : [r.story_key])))];
    const summaries =
      keys.length === 0
        ? []
        : await db
            .selectFrom('summaries')
            .select([
              'story_key',
              'requested_language',
              'language',
              'headline',
              'summary',
              'key_points',
              'topics',
              'entities',
            ])
            .where('story_key', 'in', keys)
            .orderBy('id')
            .execute();
    return rows.map((r) => {
      const own = summaries.filter((s) => s.story_key === r.story_key);
      const source = own.find((s) => s.requested_language === 'source');
      const lang =
        source?.language ?? articleLanguage(`${r.title}\n${r.content_text.slice(0, LANGUAGE_SAMPLE)}`, r.feed_language);
      return {
        articleId: r.id,
        feedId: r.feed_id,
        feedUrl: r.feed_url,
        feedTitle: r.feed_title,
        title: r.title,
        contentText: r.content_text,
        categories: parseStringArray(r.categories),
        lang: lang.toLowerCase(),
        publishedAt: r.published_at,
        createdAt: r.created_at,
        summaries: own.map((s) => ({
          headline: s.headline,
          summary: s.summary,
          keyPoints: parseStringArray(s.key_points),
          topics: parseStringArray(s.topics),
          entities: parseStringArray(s.entities),
        })),
      };
    });
  }

  async function writeDocuments(docs: ArticleDocumentSource[], now: number): Promise<void> {
    if (docs.length === 0) return;
    const built = docs.map((d) => ({ source: d, doc: buildDocument(d), at: indexTime(d) }));
    await write(async (tx) => {
      if (dialect === 'postgres') {
        await tx
          .insertInto('article_search')
          .values(
            built.map(({ source, doc, at }) => ({
              article_id: source.articleId,
              feed_id: source.feedId,
              at,
              lang: source.lang,
              indexed_at: now,
              tsv: sql<string>`cast(${toTsvector(doc)} as tsvector)`,
            })),
          )
          .onConflict((oc) =>
            oc.column('article_id').doUpdateSet((eb) => ({
              lang: eb.ref('excluded.lang'),
              indexed_at: eb.ref('excluded.indexed_at'),
              tsv: eb.ref('excluded.tsv'),
            })),
          )
          .execute();
        return;
      }
      // The delete trigger removes the FTS5 row, so the insert below never meets an existing rowid.
      await tx
        .deleteFrom('article_search')
        .where(
          'article_id',
          'in',
          built.map((b) => b.source.articleId),
        )
        .execute();
      await tx
        .insertInto('article_search')
        .values(
          built.map(({ source, at }) => ({
            article_id: source.articleId,
            feed_id: source.feedId,
            at,
            lang: source.lang,
            indexed_at: now,
          })),
        )
        .execute();
      const rows = built.map(({ source, doc, at }) => {
        const { head, body, chars } = toFts5Columns(doc);
        return sql`(${source.articleId}, ${head}, ${body}, ${chars}, ${source.feedId}, ${at}, ${source.lang})`;
      });
      await sql`insert into article_fts (rowid, head, body, chars, feed_id, at, lang) values ${sql.join(rows)}`.execute(
        tx,
      );
      // Each block's newest time only grows (a deleted article may leave it too high, which costs a search a little
      // more work, never a result).
      const blocks = new Map<number, number>();
      for (const { source, at } of built) {
        const block = Math.floor(source.articleId / BLOCK_IDS);
        blocks.set(block, Math.max(blocks.get(block) ?? at, at));
      }
      const values = [...blocks].map(([block, at]) => sql`(${block}, ${at})`);
      await sql`insert into search_blocks (block, max_at) values ${sql.join(values)}
        on conflict (block) do update set max_at = max(search_blocks.max_at, excluded.max_at)`.execute(tx);
    });
  }

  const indexArticles: Store['indexArticles'] = async (articleIds, now, storyKeys) => {
    for (let i = 0; i < articleIds.length; i += CHUNK) {
      await writeDocuments(await sources(articleIds.slice(i, i + CHUNK), storyKeys), now);
    }
  };

  return {
    indexArticles,

    async indexPending(limit, now) {
      const state = await db
        .selectFrom('search_state')
        .select('value')
        .where('name', '=', WATERMARK)
        .executeTakeFirst();
      const ids = await db
        .selectFrom('articles')
        .select('id')
        .where('id', '>', state?.value ?? 0)
        .orderBy('id')
        .limit(limit)
        .execute();
      if (ids.length === 0) return 0;
      await indexArticles(
        ids.map((r) => r.id),
        now,
      );
      const through = ids[ids.length - 1]!.id;
      await db
        .insertInto('search_state')
        .values({ name: WATERMARK, value: through })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            value:
              dialect === 'postgres'
                ? sql`greatest(search_state.value, excluded.value)`
                : sql`max(search_state.value, excluded.value)`,
          }),
        )
        .execute();
      return ids.length;
    },

    async resetSearchIndex() {
      await db
        .insertInto('search_state')
        .values({ name: WATERMARK, value: 0 })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: 0 }))
        .execute();
      const row = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async articleDocumentSource(articleId, storyKey) {
      return (
        (await sources([articleId], storyKey === undefined ? undefined : new Map([[articleId, storyKey]])))[0] ?? null
      );
    },

    async pruneArticles(cutoff, limit, keepPerFeed) {
      const feeds = await db.selectFrom('feeds').select('id').orderBy('id').execute();
      let deleted = 0;
      for (const { id: feedId } of feeds) {
        if (deleted >= limit) break;
        const kept = await db
          .selectFrom('articles')
          .select('created_at')
          .where('feed_id', '=', feedId)
          .orderBy('created_at', 'desc')
          .limit(1)
          .offset(Math.max(0, keepPerFeed - 1))
          .executeTakeFirst();
        if (!kept) continue;
        const before = keepPerFeed <= 0 ? cutoff : Math.min(cutoff, kept.created_at);
        const result = await db
          .deleteFrom('articles')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('articles')
              .select('id')
              .where('feed_id', '=', feedId)
              .where('created_at', '<', before)
              .orderBy('created_at')
              .limit(limit - deleted),
          )
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },

    async pruneOrphanStories(cutoff, limit) {
      // Created before the cutoff: a story is assigned before its article stores the key, and `/summarize url`
      // caches summaries no article refers to.
      const summaries = await db
        .deleteFrom('summaries')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('summaries as s')
            .select('s.id')
            .where('s.created_at', '<', cutoff)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('articles as a').select('a.id').whereRef('a.story_key', '=', 's.story_key'))),
            )
            .orderBy('s.id')
            .limit(limit),
        )
        .executeTakeFirst();
      const deleted = Number(summaries.numDeletedRows);
      if (deleted >= limit) return deleted;
      // The story's LSH bands go with it (on delete cascade); a story keeps its row while a summary of it remains.
      const stories = await db
        .deleteFrom('stories')
        .where('story_key', 'in', (eb) =>
          eb
            .selectFrom('stories as st')
            .select('st.story_key')
            .where('st.created_at', '<', cutoff)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('articles as a').select('a.id').whereRef('a.story_key', '=', 'st.story_key'))),
            )
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('summaries as s').select('s.id').whereRef('s.story_key', '=', 'st.story_key'))),
            )
            .limit(limit - deleted),
        )
        .executeTakeFirst();
      return deleted + Number(stories.numDeletedRows);
    },
  };
}
