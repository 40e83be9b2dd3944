import { createHash } from 'node:crypto';
import type { StoryRepository } from '../../store/store.js';
import { numbersIn } from '../../summarize/numbers.js';
import { bandHashes, fromHex, minhash, shingles, similarity, storyText, toHex } from './story-signature.js';

/** Estimated Jaccard similarity of shingles at or above which two articles are one story. */
export const SAME_STORY_SIMILARITY = 0.75;

/**
 * How far back a new article's story is looked for. Copies of a story (wire copy on several outlets, a feed
 * reposting an item) arrive within hours or days; an article resembling one from weeks ago is a new story.
 */
export const STORY_MATCH_DAYS = 7;
/**
 * The most stories a new article is compared with. Only a templated feed makes many stories share a band with one
 * article; the copy of the same story shares the most bands, so it is among the first.
 */
export const STORY_CANDIDATES = 50;

/** An article's story fingerprint: MinHash signature (hex), LSH bands, the numbers of its title, a fresh key. */
export interface StoryFingerprint {
  key: string;
  signature: string;
  bands: string[];
}

/** The quantities a title states ("Story 1", "magnitude 4.5"), sorted: templated headlines differ only there. */
function titleNumbers(title: string): string {
  return [...new Set(numbersIn(title).map((forms) => forms[0] ?? ''))].sort().join(',');
}

/**
 * The fingerprint of an article. The signature field holds the MinHash signature in hex followed by `|` and the
 * title's numbers, since two items of a templated feed ("Story 1 happened today", "Story 2 happened today") are as
 * similar as two outlets' copies of one wire story, and only their numbers tell them apart.
 */
export function storyFingerprint(article: { title: string; contentText: string }): StoryFingerprint {
  const text = storyText(article.title, article.contentText);
  const signature = minhash(shingles(text));
  const numbers = titleNumbers(article.title);
  const key = `s2-${createHash('sha256').update(text).update('\u0000').update(numbers).digest('hex').slice(0, 32)}`;
  return { key, signature: `${toHex(signature)}|${numbers}`, bands: text ? bandHashes(signature) : [] };
}

/** How alike two stored signatures are: 0 when their titles' numbers differ, else the estimated Jaccard similarity. */
export function signatureSimilarity(a: string, b: string): number {
  const [hexA = '', numbersA = ''] = a.split('|');
  const [hexB = '', numbersB = ''] = b.split('|');
  if (numbersA !== numbersB && numbersA !== '' && numbersB !== '') return 0;
  return similarity(fromHex(hexA), fromHex(hexB));
}

/**
 * The story key of an article: the key of the most similar story already known (at least
 * {@link SAME_STORY_SIMILARITY}), found through the LSH band index, or a new story. Atomic in the store, so two
 * copies arriving at once from two feeds get one key and one summary.
 */
export async function assignStoryKey(
  stories: Pick<StoryRepository, 'assign'>,
  article: { title: string; contentText: string },
  now: number,
): Promise<string> {
  const fingerprint = storyFingerprint(article);
  const { storyKey } = await stories.assign(
    fingerprint,
    (candidates) => {
      let best: { key: string; score: number } | null = null;
      for (const c of candidates) {
        const score = signatureSimilarity(fingerprint.signature, c.signature);
        if (score >= SAME_STORY_SIMILARITY && (!best || score > best.score)) best = { key: c.storyKey, score };
      }
      return best?.key ?? null;
    },
    now,
    { since: now - STORY_MATCH_DAYS * 86_400_000, limit: STORY_CANDIDATES },
  );
  return storyKey;
}
