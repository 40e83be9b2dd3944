import type { StoryFacts } from '../../domain.js';
import { numbersIn } from '../../summarize/numbers.js';

export type { StoryFacts } from '../../domain.js';

/** Entities two reports must share, at least, to be one story by their entities. */
export const MIN_SHARED_ENTITIES = 2;
/**
 * Share of the shorter entity list that must be found in the other, fitted on the labelled set (bench/stories.ts):
 * reports of one event name the same places and bodies; two events of one kind share a country at most.
 */
export const SAME_STORY_ENTITY_OVERLAP = 0.75;
/**
 * Cosine similarity of two summaries' embeddings at or above which they are one story. Not fitted: no embeddings
 * model was reachable when the bench ran; `npx tsx bench/stories.ts --embeddings-url …` measures one.
 */
export const SAME_STORY_EMBEDDING_SIMILARITY = 0.8;

/** The script family of a text: `zh` when Han characters are most of its letters, else `latin`. */
export function scriptFamily(text: string): string {
  const letters = text.match(/\p{L}/gu) ?? [];
  const han = letters.filter((c) => /\p{Script=Han}/u.test(c)).length;
  return han * 2 >= letters.length && han > 0 ? 'zh' : 'latin';
}

/** The measurements (numbers with a fraction) of a text, normalized, each once. */
export function measuresIn(text: string): string[] {
  // 2.5萬 is 25000, a count written with a fraction, not a measurement.
  const measures = numbersIn(text).filter((forms) => forms.every((v) => v.includes('.')));
  return [...new Set(measures.map((forms) => forms[0] ?? ''))].sort();
}

const STOP = new Set(['the', 'of', 'and', 'for']);
/** An entity name as words: NFKC, case-folded, punctuation dropped, "the"/"of"/"and" left out. */
function entityWords(name: string): string[] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s\b/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOP.has(w));
}

/** One name stands for the other: the words of one are all among the other's ("Hualien" and "Hualien County"). */
function sameEntity(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((w) => long.includes(w));
}

/** How many of each list's entities the other names, the fewer of the two, and that as a share of the shorter list. */
export function entityOverlap(a: readonly string[], b: readonly string[]): { shared: number; overlap: number } {
  const x = a.map(entityWords).filter((w) => w.length > 0);
  const y = b.map(entityWords).filter((w) => w.length > 0);
  const found = (from: string[][], to: string[][]) => from.filter((e) => to.some((o) => sameEntity(e, o))).length;
  const shared = Math.min(found(x, y), found(y, x));
  const shorter = Math.min(x.length, y.length);
  return { shared, overlap: shorter === 0 ? 0 : shared / shorter };
}

/**
 * Two articles whose measurements mostly disagree (a magnitude 6.1 and a 4.6 earthquake; a 32.1 km and a 24.8 km
 * epicentre) report two events; an article stating none says nothing either way.
 */
export function measuresDisagree(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const shared = a.filter((v) => b.includes(v)).length;
  return shared * 2 < Math.min(a.length, b.length);
}

/** Cosine similarity of two vectors; 0 when either is empty or their lengths differ. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Whether two stories' facts say they are one event (the caller checks the time window and, within one script
 * family, the titles): their summaries' embeddings are close when both have one, else they share enough entities.
 * Disagreeing measurements part them either way.
 */
export function sameStoryFacts(a: StoryFacts, b: StoryFacts, thresholds: FactThresholds = {}): boolean {
  if (measuresDisagree(a.measures, b.measures)) return false;
  if (a.embedding && b.embedding) {
    return cosine(a.embedding, b.embedding) >= (thresholds.embedding ?? SAME_STORY_EMBEDDING_SIMILARITY);
  }
  const { shared, overlap } = entityOverlap(a.entities, b.entities);
  return shared >= MIN_SHARED_ENTITIES && overlap >= (thresholds.entities ?? SAME_STORY_ENTITY_OVERLAP);
}

/** Other thresholds than the fitted defaults, for the bench that fits them. */
export interface FactThresholds {
  entities?: number;
  embedding?: number;
}
