import { describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import {
  SAME_STORY_SIMILARITY,
  signatureSimilarity,
  storyFingerprint,
} from '../../../src/pipeline/stories/story-key.js';
import { storyText } from '../../../src/pipeline/stories/story-signature.js';
import { toScript } from '../../../src/text/zh-script.js';
import { dwSeed, englishArticle } from './fixtures.js';

const zh = { title: dwSeed().title, contentText: articleText(dwSeed().html) };
const en = { title: englishArticle().title, contentText: articleText(englishArticle().html) };
const similarity = (a: typeof zh, b: typeof zh): number =>
  signatureSimilarity(storyFingerprint(a).signature, storyFingerprint(b).signature);

describe('story fingerprints', () => {
  it('folds width, case and Traditional/Simplified script', () => {
    expect(storyText('ＡＢＣ 台灣', '')).toBe(storyText('abc 台湾', ''));
  });

  it('gives one story to the Traditional and the Simplified copy of an article', () => {
    const simplified = { title: toScript(zh.title, 'zh-CN'), contentText: toScript(zh.contentText, 'zh-CN') };
    expect(storyFingerprint(simplified).key).toBe(storyFingerprint(zh).key);
  });

  it('finds another outlet copy with its own title suffix and footer similar enough', () => {
    const copy = {
      title: `${zh.title}｜國際新聞`,
      contentText: `（中央社）${zh.contentText}\n\n本文由C新聞網轉載，版權所有。`,
    };
    expect(storyFingerprint(copy).key).not.toBe(storyFingerprint(zh).key);
    expect(similarity(zh, copy)).toBeGreaterThanOrEqual(SAME_STORY_SIMILARITY);
  });

  it('keeps unrelated stories apart', () => {
    expect(similarity(zh, en)).toBeLessThan(0.1);
  });

  it('keeps templated items that differ only in their numbers apart', () => {
    const item = (n: number) => ({
      title: `Story ${n}`,
      contentText: `Story ${n} happened today. It is the ${n}th story of the day. Officials said more would follow.`,
    });
    expect(similarity(item(1), item(2))).toBe(0);
    expect(similarity(item(1), item(1))).toBe(1);
  });

  it('shares at least one LSH band between near-duplicates', () => {
    const copy = { title: `${en.title} - Wire`, contentText: `${en.contentText}\n\nReporting by the wire desk.` };
    const a = storyFingerprint(en).bands;
    const b = storyFingerprint(copy).bands;
    expect(a).toHaveLength(32);
    expect(a.some((band, i) => b[i] === band)).toBe(true);
  });
});
