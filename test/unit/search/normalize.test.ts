import { describe, expect, it } from 'vitest';
import { cjkChars, fold, isCjkChar, snippet, tokenize } from '../../../src/search/normalize.js';

describe('fold', () => {
  it('folds Traditional to Simplified, width and case, so 臺灣, 台灣 and 台湾 are one term', () => {
    expect(fold('臺灣')).toBe('台湾');
    expect(fold('台灣')).toBe('台湾');
    expect(fold('台湾')).toBe('台湾');
    expect(fold('ＡＢＣ Straße ÉCOLE')).toBe('abc straße école');
  });
});

describe('tokenize', () => {
  it('splits Traditional Chinese into overlapping Simplified bigrams', () => {
    expect(tokenize('台灣海峽')).toEqual(['台湾', '湾海', '海峡']);
  });

  it('gives the same tokens for Simplified and Traditional text', () => {
    expect(tokenize('半导体产业')).toEqual(tokenize('半導體產業'));
    expect(tokenize('半導體')).toEqual(['半导', '导体']);
  });

  it('keeps a one-character run as itself', () => {
    expect(tokenize('在 台 北')).toEqual(['在', '台', '北']);
  });

  it('splits mixed Chinese and English at script boundaries', () => {
    expect(tokenize('iPhone手機與AI晶片')).toEqual(['iphone', '手机', '机与', 'ai', '晶片']);
  });

  it('indexes Japanese kana and kanji runs as bigrams', () => {
    expect(tokenize('東京タワー')).toEqual(['东京', '京タ', 'タワ', 'ワー']);
  });

  it('splits English into folded words, dropping punctuation and apostrophes', () => {
    expect(tokenize("Don't PANIC: the e-mail's (2024) U.S. report!")).toEqual([
      'dont',
      'panic',
      'the',
      'e',
      'mails',
      '2024',
      'u',
      's',
      'report',
    ]);
  });

  it('drops emoji and punctuation-only text', () => {
    expect(tokenize('🎉🎉 !!! —— 。，')).toEqual([]);
    expect(tokenize('雨🌧天')).toEqual(['雨', '天']);
  });

  it('finds Thai words with Intl.Segmenter', () => {
    expect(tokenize('ฉันรักภาษาไทย')).toEqual(['ฉัน', 'รัก', 'ภาษา', 'ไทย']);
  });

  it('splits Korean and other spaced scripts into words', () => {
    expect(tokenize('한국어 문장, Ελληνικά')).toEqual(['한국어', '문장', 'ελληνικά']);
  });
});

describe('cjkChars and isCjkChar', () => {
  it('lists the distinct CJK characters of folded text', () => {
    expect(cjkChars(fold('台灣 台北 abc'))).toEqual(['台', '湾', '北']);
    expect(isCjkChar('台')).toBe(true);
    expect(isCjkChar('台湾')).toBe(false);
    expect(isCjkChar('a')).toBe(false);
  });
});

describe('snippet', () => {
  it('cuts the text around the first folded match, in the original script', () => {
    const text = `${'前言。'.repeat(40)}德國關注台灣海峽局勢。${'結語。'.repeat(40)}`;
    const cut = snippet(text, ['海峡'], 40);
    expect(cut).toContain('台灣海峽');
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('starts at the beginning when nothing matches', () => {
    expect(snippet('Short text.', ['zzz'])).toBe('Short text.');
  });
});
