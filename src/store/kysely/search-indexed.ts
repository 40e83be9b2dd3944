import { type RawBuilder, sql } from 'kysely';
import { toFts5, toTsquery } from '../../search/compile.js';
import type { ArchiveRow, ArchiveSearchRequest } from '../../search/types.js';
import type { StoreContext } from './context.js';
import { escapeLike, SQLITE_FOLD_FUNCTION } from './search.js';

/** An article's rank is halved at this age, a third at twice that: relevance first, recency as the tie-breaker. */
const RECENCY_DAYS = 30;
const DAY_MS = 86_400_000;

type SummariesFor = (
  guildId: string | null,
  storyKeys: string[],
) => Promise<Map<string, { headline: string; summary: string }>>;

/**
 * Runs a parsed query on the full-text index in two steps. First the page of article ids and the total, from the
 * index alone (FTS5 with BM25, head weighing 4× body, on SQLite; the GIN-indexed `tsvector` with `ts_rank` on
 * PostgreSQL), the score divided by `1 + age / 30 days`, feed and time read from the index row so that no match
 * costs a lookup in `articles`. Then the five rows of the page, with their feed and summary.
 */
export async function indexedSearch(
  { db, dialect }: StoreContext,
  request: ArchiveSearchRequest,
  summariesFor: SummariesFor,
): Promise<{ rows: ArchiveRow[]; total: number }> {
  const { query, guildId, now } = request;
  const pg = dialect === 'postgres';
  // Column references of the index row: x.* on PostgreSQL, the FTS5 table's own columns on SQLite.
  const col = (name: 'feed_id' | 'at' | 'lang') => (pg ? sql.ref(`x.${name}`) : sql.ref(`article_fts.${name}`));
  const id = pg ? sql.ref('x.article_id') : sql.ref('article_fts.rowid');
  const filters: RawBuilder<unknown>[] = [];
  if (guildId !== null) {
    filters.push(sql`${col('feed_id')} in (select s.feed_id from subscriptions s where s.guild_id = ${guildId})`);
  }
  if (query.feeds.length > 0) {
    const fold = pg ? sql`lower` : sql.id(SQLITE_FOLD_FUNCTION);
    const anyFeed = query.feeds.map((value) => {
      if (/^\d+$/u.test(value)) return sql`f.id = ${Number(value)}`;
      const pattern = `%${escapeLike(value.toLowerCase())}%`;
      return sql`(${fold}(coalesce(f.title, '')) like ${pattern} escape '\\' or ${fold}(f.url) like ${pattern} escape '\\')`;
    });
    filters.push(sql`${col('feed_id')} in (select f.id from feeds f where ${sql.join(anyFeed, sql` or `)})`);
  }
  if (query.since !== null) filters.push(sql`${col('at')} >= ${query.since}`);
  if (query.before !== null) filters.push(sql`${col('at')} < ${query.before}`);
  if (query.langs.length > 0) {
    const anyLang = query.langs.map(
      (l) => sql`(${col('lang')} = ${l} or ${col('lang')} like ${`${escapeLike(l)}-%`} escape '\\')`,
    );
    filters.push(sql`(${sql.join(anyLang, sql` or `)})`);
  }
  const where = filters.length === 0 ? sql`` : sql` and ${sql.join(filters, sql` and `)}`;
  const recency = sql`(1 + ${pg ? sql`greatest` : sql`max`}(0, (cast(${now} as bigint) - ${col('at')}) * 1.0 / ${DAY_MS * RECENCY_DAYS}))`;

  let from: RawBuilder<unknown>;
  let score: RawBuilder<unknown>;
  let order: RawBuilder<unknown>;
  if (pg) {
    const tsquery = sql`cast(${toTsquery(query)} as tsquery)`;
    from = sql`from article_search x where x.tsv @@ ${tsquery}${where}`;
    score = sql`ts_rank(x.tsv, ${tsquery}) / ${recency}`;
    order = sql`score desc`;
  } else {
    from = sql`from article_fts where article_fts match ${toFts5(query)}${where}`;
    // bm25() is negative, better when lower: dividing by the age factor moves older articles towards zero.
    score = sql`bm25(article_fts, 4.0, 1.0, 1.0) / ${recency}`;
    order = sql`score`;
  }
  // The total comes from the same pass as the page (a window count); FTS5's bm25() cannot run inside a window
  // query, hence the inner select.
  const page = await sql<{ id: number; total: number | string }>`select m.id, count(*) over () as total
    from (select ${id} as id, ${score} as score ${from}) m
    order by ${order}, m.id desc limit ${request.limit} offset ${request.offset}`.execute(db);
  let total = Number(page.rows[0]?.total ?? 0);
  if (page.rows.length === 0 && request.offset > 0) {
    const count = await sql<{ n: number | string }>`select count(*) as n ${from}`.execute(db);
    total = Number(count.rows[0]?.n ?? 0);
  }
  const ids = page.rows.map((r) => Number(r.id));
  if (ids.length === 0) return { rows: [], total };

  const details = await db
    .selectFrom('articles')
    .innerJoin('feeds', 'feeds.id', 'articles.feed_id')
    .select([
      'articles.id',
      'articles.feed_id',
      'feeds.title as feed_title',
      'articles.title',
      'articles.link',
      'articles.published_at',
      'articles.content_text',
      'articles.story_key',
    ])
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map(details.map((r) => [Number(r.id), r]));
  const summaries = await summariesFor(
    guildId,
    details.flatMap((r) => (r.story_key === null ? [] : [r.story_key])),
  );
  const rows = ids.flatMap((articleId): ArchiveRow[] => {
    const r = byId.get(articleId);
    if (!r) return [];
    const best = r.story_key === null ? undefined : summaries.get(r.story_key);
    return [
      {
        articleId,
        feedId: Number(r.feed_id),
        feedTitle: r.feed_title,
        title: r.title,
        link: r.link,
        publishedAt: r.published_at,
        headline: best?.headline ?? null,
        summary: best?.summary ?? null,
        contentText: r.content_text,
      },
    ];
  });
  return { rows, total };
}
