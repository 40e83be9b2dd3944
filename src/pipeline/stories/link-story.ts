import type { Deps } from '../../deps.js';
import type { StoryFacts, Summary } from '../../domain.js';
import { sameStory } from './same-story.js';
import { measuresIn, scriptFamily } from './story-facts.js';
import { STORY_MATCH_HOURS } from './story-key.js';

/** The most recent stories with facts a new story is compared with. */
export const LINK_CANDIDATES = 200;

/**
 * Records the facts of a story from its first summary and links it to the story of another language or wording it
 * reports (see {@link sameStory}), once: a story that has facts is left as it is. The two keep their own summaries
 * (each in its own language: a cross-language match never reuses a summary) and share a story id
 * (`store.stories.storyIdOf`). A story with nothing to match by (no English entity names, no embedding) is skipped.
 * An embeddings failure only costs the embedding: entities still match.
 */
export async function noteStoryFacts(
  deps: Pick<Deps, 'store' | 'now' | 'embedder'> & Partial<Pick<Deps, 'log'>>,
  storyKey: string,
  article: { title: string; contentText: string },
  summary: Summary,
): Promise<void> {
  const { store } = deps;
  const story = await store.stories.get(storyKey);
  if (!story || story.facts) return;
  const facts: StoryFacts = {
    family: scriptFamily(`${article.title} ${article.contentText}`),
    entities: summary.entitiesInEnglish ?? [],
    topics: summary.topics,
    measures: measuresIn(`${article.title}\n${article.contentText}`),
  };
  if (deps.embedder) {
    try {
      [facts.embedding] = await deps.embedder.embed([`${summary.headline}\n${summary.summary}`]);
    } catch (err) {
      deps.log?.warn({ err, storyKey, model: deps.embedder.model }, 'summary embedding failed');
    }
  }
  if (facts.entities.length === 0 && !facts.embedding) return;
  if (!(await store.stories.putFacts(storyKey, facts))) return;

  const now = deps.now();
  const mine = { signature: story.signature, facts, at: story.createdAt };
  const candidates = await store.stories.recentWithFacts(
    now - STORY_MATCH_HOURS * 3_600_000,
    LINK_CANDIDATES,
    storyKey,
  );
  const match = candidates.find((c) => sameStory(mine, { signature: c.signature, facts: c.facts, at: c.createdAt }));
  if (match) {
    await store.stories.link(storyKey, match.storyId);
    deps.log?.info({ storyKey, storyId: match.storyId }, 'story linked to a report in another language or wording');
  }
}
