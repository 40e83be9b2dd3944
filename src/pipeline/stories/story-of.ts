import type { Deps } from '../../deps.js';
import type { ArticleRow } from '../../store/store.js';

/**
 * The story an article is a copy of, as posting sees it: two articles with the same answer are the same story, and a
 * channel that posts one post per story shows the later one on the earlier one's post. Same-language copies share a
 * story key (and one summary); a report in another language keeps its own key and summaries, and the summarize stage
 * links its story to the one it matched (`link-story.ts`): the linked story's key is the answer. Null: the article has
 * no story yet.
 */
export async function storyOf(
  deps: Pick<Deps, 'store'>,
  article: Pick<ArticleRow, 'storyKey'>,
): Promise<string | null> {
  if (!article.storyKey) return null;
  return (await deps.store.stories.storyIdOf(article.storyKey)) ?? article.storyKey;
}
