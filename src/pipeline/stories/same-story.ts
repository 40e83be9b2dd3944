import { type FactThresholds, type StoryFacts, sameStoryFacts } from './story-facts.js';
import { SAME_STORY_SIMILARITY, STORY_MATCH_HOURS, sameStoryText, titlesPart } from './story-key.js';

/** What two articles (or stories) are compared by. */
export interface StoryView {
  /** The stored signature of its text ({@link storyFingerprint}). */
  signature: string;
  /** From its first summary; null before it has one. */
  facts: StoryFacts | null;
  /** When it was published or first seen, epoch ms. */
  at: number;
}

/**
 * Whether two articles report one story. Their texts match (a copy, the other script, a live update: MinHash),
 * or, within {@link STORY_MATCH_HOURS}, their facts do (an English and a Chinese report: summaries' embeddings when
 * both have one, else the entities' English names), unless they are in one script and their titles read like two
 * items of one template. Measurements that disagree part two reports whatever their entities.
 */
export function sameStory(a: StoryView, b: StoryView, thresholds: FactThresholds & { text?: number } = {}): boolean {
  const apart = a.at - b.at;
  if (sameStoryText(a.signature, b.signature, apart, thresholds.text ?? SAME_STORY_SIMILARITY)) return true;
  if (!a.facts || !b.facts || Math.abs(apart) > STORY_MATCH_HOURS * 3_600_000) return false;
  if (a.facts.family === b.facts.family && titlesPart(a.signature, b.signature)) return false;
  return sameStoryFacts(a.facts, b.facts, thresholds);
}
