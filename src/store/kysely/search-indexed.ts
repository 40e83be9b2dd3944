import type { ArchiveResult, ArchiveRow, ArchiveSearchRequest } from '../../search/types.js';
import type { StoreContext } from './context.js';
import { rankNewestFirst } from './search-windows.js';
import { rankPostgresNewestFirst } from './search-windows-pg.js';

type SummariesFor = (
  guildId: string | null,
  storyKeys: string[],
) => Promise<Map<string, { headline: string; summary: string }>>;

/**
 * Runs a parsed query on the full-text index in two steps. First the page of article ids and the count, from the
 * index alone, newest articles first: FTS5 with BM25 (head weighing 4× body) on SQLite (see `search-windows.ts`), the
 * GIN-indexed `tsvector` with `ts_rank` on PostgreSQL (see `search-windows-pg.ts`); the score divided by
 * `1 + age / 30 days`. Then the rows
 * of the page, with their feed and summary. Matches are counted up to `countLimit`.
 */
export async function indexedSearch(
  { db, dialect }: StoreContext,
  request: ArchiveSearchRequest,
  summariesFor: SummariesFor,
): Promise<ArchiveResult> {
  const { ids, matched } =
    dialect === 'postgres' ? await rankPostgresNewestFirst(db, request) : await rankNewestFirst(db, request);
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
