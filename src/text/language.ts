import { scriptMarks } from './zh-script.js';

export { type ChineseScript, chineseScriptOf, toScript } from './zh-script.js';

/** Scripts told apart by Unicode property; the first that dominates the text's letters names its language. */
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['ko', /\p{Script=Hangul}/u],
  ['ru', /\p{Script=Cyrillic}/u],
  ['ar', /\p{Script=Arabic}/u],
  ['he', /\p{Script=Hebrew}/u],
  ['el', /\p{Script=Greek}/u],
  ['th', /\p{Script=Thai}/u],
  ['hi', /\p{Script=Devanagari}/u],
];

/** Frequent short words of the Latin-script languages Herald guesses; the best-scoring list wins, English by default. */
const STOPWORDS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ['en', new Set('the of and to in is that for was on with as by at from it are be has have said'.split(' '))],
  ['de', new Set('der die und das ist nicht mit den von zu ein eine auf für sich dem des im wird auch'.split(' '))],
  ['fr', new Set('le la les des et est une un du dans pour que qui pas sur au avec ce sont été'.split(' '))],
  ['es', new Set('el la los las de y que en un una por con para es del se fue al como más'.split(' '))],
  ['pt', new Set('o a os as de e que em um uma para com não do da dos das foi pelo mais'.split(' '))],
  ['it', new Set('il la di che e un una per non sono del della con gli le nel è ha anche'.split(' '))],
  ['nl', new Set('de het een van en in is dat op te zijn met voor niet aan ook er door'.split(' '))],
  ['id', new Set('yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke adalah'.split(' '))],
];

function guessLatin(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best = 'en';
  let bestScore = 0;
  for (const [lang, list] of STOPWORDS) {
    const score = words.reduce((n, w) => n + (list.has(w) ? 1 : 0), 0);
    if (score > bestScore) [best, bestScore] = [lang, score];
  }
  return best;
}

/**
 * A BCP 47 guess at the language of the text, from its script: kana → `ja`; Han → `zh-TW` or `zh-CN` by counting
 * characters that exist only in Traditional or only in Simplified (`zh` when neither shows); Hangul → `ko`;
 * Cyrillic, Arabic, Hebrew, Greek, Thai, Devanagari → `ru`, `ar`, `he`, `el`, `th`, `hi`; Latin → a stop-word
 * guess among a few European languages and Indonesian (English by default); no letters → `und`.
 */
export function detectLanguage(text: string): string {
  const sample = text.length > 20_000 ? text.slice(0, 20_000) : text;
  let han = 0;
  let kana = 0;
  let letters = 0;
  const scripts = new Map<string, number>();
  for (const c of sample) {
    if (!/\p{L}/u.test(c)) continue;
    letters++;
    if (/\p{Script=Han}/u.test(c)) han++;
    else if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(c)) kana++;
    else {
      const script = SCRIPTS.find(([, re]) => re.test(c))?.[0];
      if (script) scripts.set(script, (scripts.get(script) ?? 0) + 1);
    }
  }
  if (letters === 0) return 'und';
  // Japanese prose is rarely under a tenth kana; Chinese text only has kana in quoted names.
  if (kana > 0 && kana >= (han + kana) / 10 && han + kana >= letters / 3) return 'ja';
  const [topScript, topCount] = [...scripts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (han >= letters / 3 && han >= topCount) {
    const marks = scriptMarks(sample);
    if (marks.traditional > marks.simplified) return 'zh-TW';
    if (marks.simplified > marks.traditional) return 'zh-CN';
    return 'zh';
  }
  if (topCount >= letters / 3) return topScript === 'ru' && /[іїєґ]/iu.test(sample) ? 'uk' : topScript;
  return guessLatin(sample);
}

/** Languages whose usual script is not Latin: a feed tag naming one cannot describe a Latin-script text. */
const NON_LATIN = new Set(['zh', 'ja', 'ko', 'ru', 'uk', 'bg', 'sr', 'ar', 'fa', 'ur', 'he', 'el', 'th', 'hi', 'bn']);

/** A syntactically valid, canonically cased BCP 47 tag, or null (`zh_tw` → `zh-TW`). */
export function canonicalTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim().replaceAll('_', '-'))[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The article's language: detection decides for Chinese (Traditional vs Simplified matters and feeds often just say
 * `zh`) and for non-Latin scripts; for Latin-script text the feed's own tag, when it has one, beats the stop-word guess.
 */
export function articleLanguage(text: string, feedLanguage: string | null): string {
  const detected = detectLanguage(text);
  const hint = canonicalTag(feedLanguage);
  if (!hint) return detected;
  if (detected === 'und') return hint;
  if (NON_LATIN.has(primaryLanguage(hint))) return detected;
  return STOPWORDS.some(([lang]) => lang === detected) ? hint : detected;
}

/** The primary language subtag (`zh-TW` → `zh`). */
export function primaryLanguage(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}
