import { type Kysely, sql } from 'kysely';
import { toTsquery } from '../../search/compile.js';
import type { ArchiveResult, ArchiveRow, ArchiveSearchRequest } from '../../search/types.js';
import type { Database } from '../schema.js';
import type { StoreContext } from './context.js';
import { indexFilters, recencyDivisor } from './search-filters.js';
import { type RankedIds, rankNewestFirst } from './search-windows.js';

type SummariesFor = (
  guildId: string | null,
  storyKeys: string[],
) => Promise<Map<string, { headline: string; summary: string }>>;

/**
 * Runs a parsed query on the full-text index in two steps. First the page of article ids and the count, from the
 * index alone: FTS5 with BM25 (head weighing 4× body) on SQLite, newest articles first (see `search-windows.ts`);
 * the GIN-indexed `tsvector` with `ts_rank` on PostgreSQL; the score divided by `1 + age / 30 days`. Then the rows
 * of the page, with their feed and summary. Matches are counted up to `countLimit`.
 */
export async function indexedSearch(
  { db, dialect }: StoreContext,
  request: ArchiveSearchRequest,
  summariesFor: SummariesFor,
): Promise<ArchiveResult> {
  const { ids, matched } =
    dialect === 'postgres' ? await rankPostgres(db, request) : await rankNewestFirst(db, request);
  const total = Math.min(matched, request.countLimit);
  const totalCapped = matched > request.countLimit;
  if (ids.length === 0) return { rows: [], total, totalCapped };

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
    request.guildId,
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
  return { rows, total, totalCapped };
}

/**
 * The PostgreSQL plan: every match ranked with `ts_rank`, the count from the same pass (a window count), or from a
 * count of its own for a page past the end.
 */
async function rankPostgres(db: Kysely<Database>, request: ArchiveSearchRequest): Promise<RankedIds> {
  const tsquery = sql`cast(${toTsquery(request.query)} as tsquery)`;
  const from = sql`from article_search x where x.tsv @@ ${tsquery}${indexFilters('postgres', request)}`;
  const score = sql`ts_rank(x.tsv, ${tsquery}) / ${recencyDivisor('postgres', request.now)}`;
  const page = await sql<{ id: number; total: number | string }>`select m.id, count(*) over () as total
    from (select x.article_id as id, ${score} as score ${from}) m
    order by m.score desc, m.id desc limit ${request.limit} offset ${request.offset}`.execute(db);
  let matched = Number(page.rows[0]?.total ?? 0);
  if (page.rows.length === 0 && request.offset > 0) {
    const count = await sql<{ n: number | string }>`select count(*) as n ${from}`.execute(db);
    matched = Number(count.rows[0]?.n ?? 0);
  }
  return { ids: page.rows.map((r) => Number(r.id)), matched };
}
