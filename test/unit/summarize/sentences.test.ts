import { describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import { hasEndPunctuation, sentenceSpans, splitSentences } from '../../../src/summarize/sentences.js';
import { dwSeed } from './fixtures.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('splitSentences on Chinese', () => {
  const text = articleText(dwSeed().html);
  const sentences = splitSentences(text);

  it('splits the seed at 。！？； and never across a paragraph break', () => {
    expect(sentences).toContain('這是布林肯一年內二度訪華之旅的最後一天；');
    expect(sentences).toContain('下午4時左右，中國官媒新華社證實中國國家主席習近平會見了布林肯。');
    expect(sentences).toContain('中美之間能克服分歧嗎？');
    expect(sentences).toContain('（綜合報導）');
    for (const s of sentences) expect(s).not.toContain('\n');
    expect(sentences.join('')).toBe(text.replaceAll('\n\n', ''));
  });

  it('keeps a closing quote with its sentence and a quoted passage in one piece', () => {
    expect(sentences).toContain(
      '王毅說：「面臨各種干擾破壞，中國的正當發展權利遭到無理打壓，中方的核心利益不斷受到挑戰。」',
    );
    expect(sentences).toContain(
      '布林肯告訴王毅：「我期待這些討論能夠非常清楚、非常直接地表明我們有分歧的領域，並傳達出美國的立場。我毫不懷疑，你身為中國的代表，也會這麼做。」',
    );
    for (const s of sentences) expect(s).not.toMatch(/^[」』”）]/);
  });

  it('ends every sentence on a terminator or a closing bracket', () => {
    for (const s of sentences) expect(s).toMatch(/[。！？；」）]$/);
  });
});

describe('splitSentences on Latin text', () => {
  it('does not split after abbreviations, initials or inside decimals', () => {
    const text =
      'Mr. Smith paid $3.5 million to the U.S. Treasury on Jan. 5. Dr. J. K. Rowling wrote e.g. this. No. 5 won! Did it? Yes.';
    expect(splitSentences(text)).toEqual([
      'Mr. Smith paid $3.5 million to the U.S. Treasury on Jan. 5.',
      'Dr. J. K. Rowling wrote e.g. this.',
      'No. 5 won!',
      'Did it?',
      'Yes.',
    ]);
  });

  it('keeps closing quotes with the sentence and does not split before a lower-case word', () => {
    expect(splitSentences('He said “Stop.” Then he left... and came back. "Go!" she said.')).toEqual([
      'He said “Stop.”',
      'Then he left... and came back.',
      '"Go!" she said.',
    ]);
  });

  it('ends a sentence at a line break after a heading or caption line, unless the line goes on', () => {
    expect(
      splitSentences(
        'Safety training\nMedia groups signed up. Photo: Reuters\nThe plan was announced by\nthe minister, who said:\nIt works. Paris,\nFrance',
      ),
    ).toEqual([
      'Safety training',
      'Media groups signed up.',
      'Photo: Reuters',
      'The plan was announced by the minister, who said: It works.',
      'Paris, France',
    ]);
    expect(splitSentences('中美之間的分歧\n王毅稱中美關係企穩。雙方同意，\n恢復對話。')).toEqual([
      '中美之間的分歧',
      '王毅稱中美關係企穩。',
      '雙方同意，恢復對話。',
    ]);
  });

  it('tells which sentences end on a full stop, question or exclamation mark', () => {
    expect(['Done.', '“Go!”', '完成。）', 'Why?', '好！」'].map(hasEndPunctuation)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['A heading', 'Intro:', '中美之間的分歧', '', 'Wait, '].map(hasEndPunctuation)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('always splits at a paragraph break and joins hard-wrapped lines', () => {
    expect(splitSentences('A title without a stop\n\nThe body goes\non here. Last')).toEqual([
      'A title without a stop',
      'The body goes on here.',
      'Last',
    ]);
  });
});

describe('splitSentences on Japanese and mixed text', () => {
  it('splits Japanese at 。！？ and keeps 「…」と with its sentence', () => {
    expect(
      splitSentences('東京都は１日、新しい計画を発表した。「本当ですか？」と彼は聞いた。わかりました！次へ……終わり'),
    ).toEqual([
      '東京都は１日、新しい計画を発表した。',
      '「本当ですか？」と彼は聞いた。',
      'わかりました！',
      '次へ……',
      '終わり',
    ]);
  });

  it('handles Latin words, decimals and full-width punctuation inside Chinese', () => {
    expect(splitSentences('台灣的GDP成長3.5%。The U.S. agreed. 然後呢？好！')).toEqual([
      '台灣的GDP成長3.5%。',
      'The U.S. agreed.',
      '然後呢？',
      '好！',
    ]);
  });

  it('never splits a surrogate pair and reports offsets that slice the original text', () => {
    const text = '𠮷野家が開店した。😀 Great! 𩸽を食べた。';
    const spans = sentenceSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['𠮷野家が開店した。', '😀 Great!', '𩸽を食べた。']);
    for (const { start, end } of spans) {
      expect(text.slice(start, end)).not.toMatch(LONE_SURROGATE);
    }
  });
});
