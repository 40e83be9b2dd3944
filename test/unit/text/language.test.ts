import { describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import {
  articleLanguage,
  canonicalTag,
  chineseScriptOf,
  detectLanguage,
  toScript,
} from '../../../src/text/language.js';
import { dwSeed } from '../summarize/fixtures.js';

const seedText = articleText(dwSeed().html);
const simplified =
  '王毅说美国持续在经贸与科技上打压中国，这并不是公平竞争，而是遏制中国。他还要求美国停止炒作产能过剩的论调。';

describe('detectLanguage', () => {
  it('tells Traditional from Simplified Chinese', () => {
    expect(detectLanguage(seedText)).toBe('zh-TW');
    expect(detectLanguage(simplified)).toBe('zh-CN');
    expect(detectLanguage(toScript(seedText, 'zh-CN'))).toBe('zh-CN');
  });

  it('recognises Japanese by its kana even with many kanji, and Korean by Hangul', () => {
    expect(detectLanguage('東京都は１日、新型コロナウイルス対策の新しい計画を発表した。')).toBe('ja');
    expect(detectLanguage('서울시는 1일 새로운 교통 정책을 발표했다.')).toBe('ko');
  });

  it('guesses Latin-script languages from common words, English by default', () => {
    expect(detectLanguage('The minister said that the plan was ready and has support in the region.')).toBe('en');
    expect(
      detectLanguage('Der Minister sagte, dass die Regierung den Plan nicht mit der Opposition abgestimmt hat.'),
    ).toBe('de');
    expect(detectLanguage('Le ministre a dit que les réformes sont nécessaires pour la France.')).toBe('fr');
    expect(detectLanguage('Президент заявил, что переговоры продолжатся.')).toBe('ru');
    expect(detectLanguage('12345 — 678')).toBe('und');
  });

  it('is not swayed by English names in Chinese text', () => {
    expect(detectLanguage('美國國務卿布林肯（Antony Blinken）與財長耶倫（Janet Yellen）會晤。')).toBe('zh-TW');
  });
});

describe('articleLanguage', () => {
  it('prefers detection for Chinese script and the feed tag for Latin text', () => {
    expect(articleLanguage(seedText, 'zh')).toBe('zh-TW');
    expect(articleLanguage('The minister said the plan was ready.', 'en_GB')).toBe('en-GB');
    expect(articleLanguage('The minister said the plan was ready.', 'zh-CN')).toBe('en');
    expect(articleLanguage(simplified, null)).toBe('zh-CN');
  });
});

describe('toScript', () => {
  it('converts Simplified to Taiwan Traditional', () => {
    expect(toScript('王毅说美国对中国施加新关税，这并不是公平竞争。', 'zh-TW')).toBe(
      '王毅說美國對中國施加新關稅，這並不是公平競爭。',
    );
  });

  it('leaves Traditional text alone when asked for Traditional (no 干擾→幹擾, 台灣→臺灣)', () => {
    expect(toScript(seedText, 'zh-TW')).toBe(seedText);
  });

  it('fixes stray Simplified characters inside Traditional text', () => {
    expect(toScript('王毅說美國對中國施加新关税，这並不是公平競爭。台灣的干擾。', 'zh-TW')).toBe(
      '王毅說美國對中國施加新關稅，這並不是公平競爭。台灣的干擾。',
    );
  });

  it('converts Traditional to mainland Simplified, and is idempotent', () => {
    const cn = toScript(seedText, 'zh-CN');
    expect(cn).toContain('美国国务卿布林肯');
    expect(toScript(cn, 'zh-CN')).toBe(cn);
  });

  it('passes text without Han characters through unchanged', () => {
    expect(toScript('Hello 😀', 'zh-TW')).toBe('Hello 😀');
  });
});

describe('tags', () => {
  it('maps BCP 47 tags to the Chinese script they ask for', () => {
    expect(chineseScriptOf('zh-TW')).toBe('zh-TW');
    expect(chineseScriptOf('zh-Hant-HK')).toBe('zh-TW');
    expect(chineseScriptOf('zh-CN')).toBe('zh-CN');
    expect(chineseScriptOf('zh-Hans')).toBe('zh-CN');
    expect(chineseScriptOf('zh')).toBeNull();
    expect(chineseScriptOf('en-US')).toBeNull();
  });

  it('canonicalizes tags and rejects invalid ones', () => {
    expect(canonicalTag('zh_tw')).toBe('zh-TW');
    expect(canonicalTag('EN-us')).toBe('en-US');
    expect(canonicalTag('not a tag!')).toBeNull();
    expect(canonicalTag(null)).toBeNull();
  });
});
