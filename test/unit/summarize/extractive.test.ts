import { describe, expect, it } from 'vitest';
import type { SummaryStyle } from '../../../src/domain.js';
import { articleText } from '../../../src/html/article-text.js';
import { extractiveSummary } from '../../../src/summarize/extractive.js';
import { splitSentences } from '../../../src/summarize/sentences.js';
import { dwSeed, englishArticle } from './fixtures.js';

const styles: SummaryStyle[] = ['brief', 'standard', 'detailed'];
const zh = { title: dwSeed().title, text: articleText(dwSeed().html), language: null };
const en = { title: englishArticle().title, text: articleText(englishArticle().html), language: 'en' };

/** The summary as the sentences of the source it is made of, checking each is a whole source sentence. */
function pickedSentences(summary: string, source: string[]): number[] {
  const picked: number[] = [];
  let rest = summary;
  while (rest) {
    const index = source.findIndex((s, i) => !picked.includes(i) && rest.startsWith(s));
    expect(index, `"${rest.slice(0, 40)}…" does not start with a whole source sentence`).toBeGreaterThanOrEqual(0);
    picked.push(index);
    rest = rest.slice((source[index] ?? '').length).trimStart();
  }
  return picked;
}

describe('extractiveSummary on the Chinese seed', () => {
  const sentences = splitSentences(zh.text);

  it.each(styles)('%s: whole sentences in document order, led by the lead sentence, within the limits', (style) => {
    const summary = extractiveSummary(zh, style);
    const picked = pickedSentences(summary.summary, sentences);
    expect(picked[0]).toBe(0);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    const max = { brief: [2, 100], standard: [3, 200], detailed: [5, 350] }[style];
    expect(picked.length).toBeLessThanOrEqual(max[0] ?? 0);
    expect(Array.from(summary.summary).length).toBeLessThanOrEqual(max[1] ?? 0);
  });

  it('grows with the style', () => {
    const [brief, standard, detailed] = styles.map((s) => Array.from(extractiveSummary(zh, s).summary).length);
    expect(brief).toBeLessThan(standard ?? 0);
    expect(standard).toBeLessThan(detailed ?? 0);
  });

  it('marks itself extractive, keeps the title, detects zh-TW and picks key points from the rest', () => {
    const summary = extractiveSummary(zh, 'standard');
    expect(summary).toMatchObject({
      headline: zh.title,
      source: 'extractive',
      model: null,
      language: 'zh-TW',
      topics: [],
    });
    expect(summary.keyPoints.length).toBeGreaterThan(0);
    expect(summary.keyPoints.length).toBeLessThanOrEqual(3);
    for (const point of summary.keyPoints) {
      expect(sentences).toContain(point);
      expect(summary.summary).not.toContain(point);
    }
  });

  it('never picks the byline or the question subheading', () => {
    for (const style of styles) {
      const { summary, keyPoints } = extractiveSummary(zh, style);
      expect([summary, ...keyPoints].join('')).not.toMatch(/綜合報導|能克服分歧嗎/);
    }
  });
});

describe('extractiveSummary on the English fixture', () => {
  const sentences = splitSentences(en.text);
  const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

  it.each(styles)('%s: whole sentences in document order within the word limit', (style) => {
    const summary = extractiveSummary(en, style);
    const picked = pickedSentences(summary.summary, sentences);
    expect(picked[0]).toBe(0);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(words(summary.summary)).toBeLessThanOrEqual({ brief: 35, standard: 60, detailed: 110 }[style]);
    expect(summary.language).toBe('en');
  });

  it('keeps a lead sentence longer than the limit whole rather than cutting it', () => {
    const long = `${'The committee met again and discussed the budget at great length '.repeat(8).trim()}. It adjourned.`;
    const summary = extractiveSummary({ title: 'Budget', text: long, language: 'en' }, 'brief');
    expect(summary.summary.endsWith('length.')).toBe(true);
  });
});

describe('extractiveSummary edge cases', () => {
  it('falls back to the title when the article has no text', () => {
    expect(extractiveSummary({ title: 'Only a title', text: '', language: null }, 'brief')).toMatchObject({
      headline: 'Only a title',
      summary: 'Only a title',
      keyPoints: [],
    });
  });

  it('uses the lead sentence, clipped whole code points, when there is no title', () => {
    const text = `${'😀'.repeat(300)}。`;
    const { headline } = extractiveSummary({ title: '', text, language: null }, 'brief');
    expect(Array.from(headline)).toHaveLength(200);
    expect(headline.endsWith('😀…')).toBe(true);
  });
});
