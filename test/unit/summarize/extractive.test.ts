import { describe, expect, it } from 'vitest';
import type { SummaryStyle } from '../../../src/domain.js';
import { articleText } from '../../../src/html/article-text.js';
import { extractArticle } from '../../../src/html/readable.js';
import { leansOnPrevious } from '../../../src/summarize/anaphora.js';
import { extractiveSummary } from '../../../src/summarize/extractive.js';
import { hasEndPunctuation, splitSentences } from '../../../src/summarize/sentences.js';
import { dwSeed, englishArticle, standfirstPage } from './fixtures.js';

const styles: SummaryStyle[] = ['brief', 'standard', 'detailed'];
const zh = { title: dwSeed().title, text: articleText(dwSeed().html), language: null };
const en = { title: englishArticle().title, text: articleText(englishArticle().html), language: 'en' };

/** A source sentence as a summary shows it: without end punctuation, less a list item's trailing comma or semicolon. */
const shown = (s: string): string => (hasEndPunctuation(s) ? s : s.replace(/[,;，、]+$/u, ''));

/** The summary as the sentences of the source it is made of, checking each is a whole source sentence. */
function pickedSentences(summary: string, source: string[]): number[] {
  const picked: number[] = [];
  let rest = summary;
  while (rest) {
    const index = source.findIndex((s, i) => !picked.includes(i) && rest.startsWith(shown(s)));
    expect(index, `"${rest.slice(0, 40)}…" does not start with a whole source sentence`).toBeGreaterThanOrEqual(0);
    picked.push(index);
    rest = rest.slice(shown(source[index] ?? '').length);
    // A sentence without end punctuation is given a full stop in the summary.
    if (!hasEndPunctuation(source[index] ?? '')) {
      expect(rest[0], 'an unpunctuated sentence gets a full stop').toMatch(/^[.。]$/);
      rest = rest.slice(1);
    }
    rest = rest.trimStart();
  }
  return picked;
}

/** Checks that a summary reads well: no sentence runs into the next, and none leans on one left out. */
function expectReadable(summary: { summary: string; keyPoints: string[] }, source: string[]): void {
  const picked = pickedSentences(summary.summary, source);
  // The lead comes first: nothing stands before it to lean on.
  for (const index of picked.slice(1)) {
    if (leansOnPrevious(source[index] ?? ''))
      expect(picked, `${source[index]} follows its sentence`).toContain(index - 1);
  }
  for (const point of summary.keyPoints) {
    expect(source).toContain(point);
    expect(leansOnPrevious(point), point).toBe(false);
    expect(point).not.toMatch(/[:：]$/);
  }
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

describe("extractiveSummary on real feeds' HTML shapes", () => {
  const page = standfirstPage();
  const html = page.html;
  const body = html.slice(html.indexOf('<div data-gu-name="standfirst">'), html.indexOf('<aside'));
  const shapes = {
    // The item's HTML as a full-text feed carries it: standfirst, caption, body.
    'feed item': articleText(body),
    // The page as Herald reads it for a teaser: Readability, then the same clean-up.
    'article page': extractArticle(html)?.text ?? '',
  };

  describe.each(Object.entries(shapes))('%s', (_shape, text) => {
    const sentences = splitSentences(text);
    const input = { title: page.title, text, language: 'en' };

    it('keeps the standfirst, headings and list items as sentences of their own, without the caption', () => {
      expect(sentences).toContain(
        'Press freedom group says killings rose by a third last year amid growing violence against reporters',
      );
      expect(sentences).toContain('Impunity and intimidation');
      expect(sentences).toContain('Targeted killings of local reporters covering crime and corruption');
      // A heading kept apart from its paragraph by <br> only.
      expect(sentences).toContain('Safety training');
      expect(sentences).toContain(
        'Media organisations in 40 countries have signed up for a new safety training programme launched in March.',
      );
      expect(text).not.toContain('Photograph');
    });

    it.each(styles)('%s: no sentence runs into the next and none leans on one left out', (style) => {
      const summary = extractiveSummary(input, style);
      expectReadable(summary, sentences);
      expect(summary.summary).toMatch(/^Press freedom group says killings rose by a third last year .*reporters\. /);
      expect(summary.summary).not.toMatch(/reporters Attacks|Impunity and intimidation|Safety training/);
      expect(summary.keyPoints.length).toBeGreaterThan(0);
      for (const point of summary.keyPoints) {
        expect(point).not.toMatch(
          /^(?:Another eight|However|He said|Such measures|It will also)|threats reporters face/,
        );
      }
    });
  });

  it('ends a list item picked for the summary with a full stop in place of its comma or semicolon', () => {
    const text = articleText(
      '<p>The council approved three measures for the harbour district on Monday evening.</p>' +
        '<ul><li>A new tidal power plant for the whole harbour district and its ferry port;</li>' +
        '<li>a ferry port cleanup paid for by the harbour district over ten years,</li></ul>',
    );
    const summary = extractiveSummary({ title: 'Harbour', text, language: 'en' }, 'detailed');
    expectReadable(summary, splitSentences(text));
    expect(summary.summary).toContain('for the whole harbour district and its ferry port. ');
    expect(summary.summary).not.toMatch(/[;,]\./);
  });

  it('keeps a sentence that leans on another only right after it', () => {
    // The second paragraph's "However" sentence is the most central one; its predecessor is not.
    const text = [
      'The city council met on Monday to discuss the new harbour budget for the coming decade.',
      'Local fishermen were not invited to the meeting.',
      'However, the harbour budget and the harbour plan for the coming decade were approved by the harbour council.',
      'Tourism in the harbour district grew strongly last year, the harbour office said.',
    ].join(' ');
    const sentences = splitSentences(text);
    for (const style of styles)
      expectReadable(extractiveSummary({ title: 'Harbour', text, language: 'en' }, style), sentences);
    const detailed = extractiveSummary({ title: 'Harbour', text, language: 'en' }, 'detailed');
    expect(detailed.summary).toContain('Local fishermen were not invited to the meeting. However,');
  });

  it('splits a Chinese heading kept apart by <br> from its paragraph and leaves leaning sentences out of key points', () => {
    const text = articleText(
      '<p>（德國之聲中文網）美國國務卿布林肯週五會晤中國外長王毅，兩人舉行超過5個半小時的會議。</p>' +
        '<p><strong>中美之間的分歧</strong><br>王毅稱中美關係總體止跌企穩，但負面因素仍在上升積聚。他要求美國不要踩紅線。</p>' +
        '<ul><li>雙方同意恢復軍方之間的對話</li><li>美方對中國援助俄國軍工產業表示憂慮</li></ul>',
    );
    const sentences = splitSentences(text);
    expect(sentences).toContain('中美之間的分歧');
    expect(sentences).toContain('王毅稱中美關係總體止跌企穩，但負面因素仍在上升積聚。');
    const summary = extractiveSummary({ title: '王毅會晤布林肯', text, language: null }, 'standard');
    expectReadable(summary, sentences);
    expect(summary.summary).not.toContain('中美之間的分歧');
  });
});

describe('extractiveSummary on the Chinese seed reads well', () => {
  const sentences = splitSentences(zh.text);

  it.each(styles)('%s: no sentence leans on one left out, and no key point leans on any', (style) => {
    const summary = extractiveSummary(zh, style);
    expectReadable(summary, sentences);
    for (const point of summary.keyPoints) expect(point).not.toMatch(/^(?:兩人|這些|他|而|該)/);
  });
});
