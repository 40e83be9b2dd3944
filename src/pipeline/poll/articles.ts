import type { NormalizedItem } from '../../domain.js';
import type { NewArticle } from '../../store/store.js';

/**
 * Feed items as rows to store, oldest first, so ids and deliveries follow publication order: by date when every item
 * has one, otherwise in reversed feed order (feeds list newest first).
 */
export function toNewArticles(items: NormalizedItem[]): NewArticle[] {
  const rows = items.map(({ published, contentHtml: _html, ...rest }, index) => ({
    row: { ...rest, publishedAt: published ? Date.parse(published) : null },
    index,
  }));
  const allDated = rows.every((r) => r.row.publishedAt !== null && !Number.isNaN(r.row.publishedAt));
  rows.sort((a, b) => (allDated ? a.row.publishedAt! - b.row.publishedAt! : 0) || b.index - a.index);
  return rows.map((r) => r.row);
}
