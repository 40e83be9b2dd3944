import { type RawBuilder, sql } from 'kysely';
import { toFts5Columns, toTsvector } from '../../search/compile.js';
import { buildDocument } from '../../search/document.js';
import type { ArticleDocumentSource } from '../../search/types.js';
import { articleLanguage, primaryLanguage } from '../../text/language.js';
import type { StoreContext } from './context.js';
import { parseStringArray } from './json-columns.js';
import { BLOCK_IDS } from './search-windows.js';

/** Writing the search index: documents built from articles and their story's summaries, written per dialect. */
export interface SearchIndex {
  /**
   * (Re)indexes these articles from their current rows and their story's summaries; unknown ids are skipped.
   * `storyKeys` gives the story of an article whose key is not stored yet (during summarization).
   */
  index(articleIds: number[], now: number, storyKeys?: ReadonlyMap<number, string>): Promise<void>;
  /**
   * Indexes up to `limit` articles stored since the last call (by id, past the indexer's watermark) and moves the
   * watermark; returns how many it indexed (0: the index is up to date).
   */
  indexPending(limit: number, now: number): Promise<number>;
  /** Moves the watermark back to the start so that `indexPending` rebuilds every entry; returns the article count. */
  reset(): Promise<number>;
  /**
   * What the index and the topic matcher read of an article (`storyKey`: its story when not stored on it yet); null
   * when it does not exist.
   */
  documentSource(articleId: number, storyKey?: string): Promise<ArticleDocumentSource | null>;
}

const WATERMARK = 'indexed_through';
/** Ids per statement when loading or writing documents. */
const CHUNK = 200;
/** Characters the language guess reads: enough to tell scripts apart, cheap at a million articles. */
const LANGUAGE_SAMPLE = 300;
const DAY_MS = 86_400_000;

/**
 * The time an article is searched and ranked by: its publication, else its storage; a date in the future counts as
 * its storage, so that a bogus date neither tops every search nor defeats the newest-first search windows.
 */
function indexTime(source: ArticleDocumentSource): number {
  return Math.min(source.publishedAt ?? source.createdAt, source.createdAt);
}

export function createKyselySearchIndex({ db, dialect, write }: StoreContext): SearchIndex {
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
      const guess = articleLanguage(`${r.title}\n${r.content_text.slice(0, LANGUAGE_SAMPLE)}`, r.feed_language);
      // The story's language is its first report's: a Simplified copy of a Traditional story is filed by its own
      // script, which the characters tell apart better than any summary does.
      const lang =
        source && !(primaryLanguage(source.language) === 'zh' && /^zh-/i.test(guess)) ? source.language : guess;
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
        const written = await tx
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
          .returning(['article_id', 'at'])
          .execute();
        // A reindexed row keeps its time.
        const stored = new Map(written.map((r) => [Number(r.article_id), Number(r.at)]));
        // The days on which a one-character lexeme has a position (see migration 0013); rows are only ever added, so
        // a deleted or reindexed article may leave one behind, which costs a search a little more work, never a result.
        const charDays = new Map<string, RawBuilder<unknown>>();
        for (const { source, doc, at } of built) {
          const day = Math.floor((stored.get(source.articleId) ?? at) / DAY_MS);
          for (const token of [...doc.head, ...doc.body]) {
            if (token.length <= 2 && [...token].length === 1) charDays.set(`${day} ${token}`, sql`(${token}, ${day})`);
          }
        }
        if (charDays.size > 0) {
          // In one order (by day and character), so that indexers running at once never deadlock on the same pairs.
          const pairs = [...charDays].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, value]) => value);
          await sql`insert into search_char_days (ch, day) values ${sql.join(pairs)}
            on conflict do nothing`.execute(tx);
        }
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

  const index: SearchIndex['index'] = async (articleIds, now, storyKeys) => {
    for (let i = 0; i < articleIds.length; i += CHUNK) {
      await writeDocuments(await sources(articleIds.slice(i, i + CHUNK), storyKeys), now);
    }
  };

  return {
    index,

    async indexPending(limit, now) {
      // The watermark read in the same statement: every search calls this first, so it costs one round trip.
      const ids = await db
        .selectFrom('articles')
        .select('id')
        .where('id', '>', sql<number>`coalesce((select value from search_state where name = ${WATERMARK}), 0)`)
        .orderBy('id')
        .limit(limit)
        .execute();
      if (ids.length === 0) return 0;
      await index(
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

    async reset() {
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

    async documentSource(articleId, storyKey) {
      return (
        (await sources([articleId], storyKey === undefined ? undefined : new Map([[articleId, storyKey]])))[0] ?? null
      );
    },
  };
}
