import type { ArticleRow } from '../../store/store.js';

/**
 * The story an article is a copy of, as posting sees it: two articles with the same answer are the same story, and a
 * channel that posts one post per story shows the later one on the earlier one's post. Null: the article has no
 * story yet. The one place delivery asks "is this the same story as that posted one"; a better matcher changes the
 * keys the summarize stage assigns, and this with them.
 */
export function storyOf(article: Pick<ArticleRow, 'storyKey'>): string | null {
  return article.storyKey;
}
