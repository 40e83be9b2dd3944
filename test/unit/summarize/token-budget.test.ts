import { describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import { splitSentences } from '../../../src/summarize/sentences.js';
import { estimateTokens, fitToTokenBudget } from '../../../src/summarize/token-budget.js';
import { dwSeed } from './fixtures.js';

describe('estimateTokens', () => {
  it('counts a CJK character as one token and other text as four characters a token', () => {
    expect(estimateTokens('中文字')).toBe(3);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('中文 abcd')).toBe(2 + 2);
  });
});

describe('fitToTokenBudget', () => {
  const text = articleText(dwSeed().html);

  it('returns text within budget unchanged', () => {
    expect(fitToTokenBudget(text, 3_000)).toBe(text);
  });

  it('keeps the lead and cuts the tail at a sentence boundary', () => {
    const cut = fitToTokenBudget(text, 300);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(300);
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.length).toBeGreaterThan(200);
    expect(splitSentences(text)).toContain(splitSentences(cut).at(-1));
  });

  it('cuts a single over-long sentence by whole code points', () => {
    const cut = fitToTokenBudget('😀'.repeat(100), 10);
    expect(cut).toBe('😀'.repeat(40));
  });
});
