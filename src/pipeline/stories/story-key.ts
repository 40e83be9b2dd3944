import { createHash } from 'node:crypto';
import type { StoryRepository } from '../../store/store.js';
import { bandHashes, fromHex, minhash, shingles, similarity, storyText, toHex } from './story-signature.js';
import { numbersDiffer, templateTitles, titleKey, titleNumbers } from './story-title.js';

/**
 * Estimated Jaccard similarity of shingles at or above which two articles are one story (unless their titles say
 * otherwise: {@link signatureSimilarity}). Fitted on the labelled set (bench/stories.ts): a second outlet's copy,
 * a Traditional/Simplified edition and a live update reach it; two different events of one kind do not.
 */
export const SAME_STORY_SIMILARITY = 0.5;
/** Similarity of an article posted again (a feed re-publishing an item): one story for {@link STORY_MATCH_DAYS}. */
export const REPOST_SIMILARITY = 0.95;

/**
 * How long after a story a copy of it may come. Copies (wire copy on several outlets, a live update) arrive within
 * hours; a daily report from a template (closing rates, weather) reads the same the next day and is a new story, so
 * the window is shorter than a day. An item posted again (≥ {@link REPOST_SIMILARITY}) is matched for longer.
 */
export const STORY_MATCH_HOURS = 20;
/** How far back an article posted again is recognized; also how far back candidates are read. */
export const STORY_MATCH_DAYS = 7;
/**
 * The most stories a new article is compared with. Only a templated feed makes many stories share a band with one
 * article; the copy of the same story shares the most bands, so it is among the first.
 */
export const STORY_CANDIDATES = 50;

/** An article's story fingerprint: signature (see {@link storyFingerprint}), LSH bands, a fresh key. */
export interface StoryFingerprint {
  key: string;
  signature: string;
  bands: string[];
}

/**
 * The fingerprint of an article. The signature field holds the MinHash signature in hex, `|`, the title's numbers,
 * `|`, the title ({@link titleKey}): two items of a template ("EVA Air cancels flights to Okinawa…", "…to Manila…")
 * are as similar as two outlets' copies of one wire story, and only their titles tell them apart.
 */
export function storyFingerprint(article: { title: string; contentText: string }): StoryFingerprint {
  const text = storyText(article.title, article.contentText);
  const signature = minhash(shingles(text));
  const numbers = titleNumbers(article.title).join(',');
  const key = `s2-${createHash('sha256').update(text).update('\u0000').update(numbers).digest('hex').slice(0, 32)}`;
  return {
    key,
    signature: `${toHex(signature)}|${numbers}|${titleKey(article.title)}`,
    bands: text ? bandHashes(signature) : [],
  };
}

/** How alike two stored signatures are: the estimated Jaccard similarity, or 0 when {@link titlesPart}. */
export function signatureSimilarity(a: string, b: string): number {
  if (titlesPart(a, b)) return 0;
  return similarity(fromHex(a.split('|')[0] ?? ''), fromHex(b.split('|')[0] ?? ''));
}

/**
 * Whether the titles kept in two signatures say they are two stories, however alike the texts: two items of one
 * template, or different numbers where numbers name the event ({@link numbersDiffer}). A signature stored before
 * titles were kept (`hex|numbers`) is only parted by differing measurements.
 */
export function titlesPart(a: string, b: string): boolean {
  const [, numbersA = '', titleA] = a.split('|');
  const [, numbersB = '', titleB] = b.split('|');
  if (titleA === undefined || titleB === undefined) {
    const measures = (n: string) => n.split(',').filter((v) => v.includes('.'));
    const [x, y] = [measures(numbersA), measures(numbersB)];
    return x.length > 0 && y.length > 0 && !x.some((v) => y.includes(v));
  }
  return templateTitles(titleA, titleB) || numbersDiffer(titleA, titleB);
}

/** Whether two signatures `apartMs` apart are one story: similar enough, within the window their similarity allows. */
export function sameStoryText(a: string, b: string, apartMs: number, threshold = SAME_STORY_SIMILARITY): boolean {
  const score = signatureSimilarity(a, b);
  const hours = score >= REPOST_SIMILARITY ? STORY_MATCH_DAYS * 24 : STORY_MATCH_HOURS;
  return score >= threshold && Math.abs(apartMs) <= hours * 3_600_000;
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
        if (!sameStoryText(fingerprint.signature, c.signature, now - c.createdAt)) continue;
        const score = signatureSimilarity(fingerprint.signature, c.signature);
        if (!best || score > best.score) best = { key: c.storyKey, score };
      }
      return best?.key ?? null;
    },
    now,
    { since: now - STORY_MATCH_DAYS * 86_400_000, limit: STORY_CANDIDATES },
  );
  return storyKey;
}
