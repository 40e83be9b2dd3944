import * as OpenCC from 'opencc-js';

/**
 * The one text normalization of search, used alike when indexing an article, parsing a query and matching a topic
 * subscription, so that the three always agree on what a term is.
 */

/** Characters written without spaces between words: Han, kana and the marks that live inside such runs. */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006]+/gu;
const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006]$/u;
const HAN = /\p{Script=Han}/u;
/** What may appear inside a token; anything else splits a word (so `covid-19` is `covid 19`). */
const NOT_TOKEN_CHAR = /[^\p{L}\p{N}\p{M}]+/u;
const APOSTROPHES = /['\u2019\u02BC]/gu;

let toSimplified: ((text: string) => string) | null = null;

/** OpenCC's dictionaries take a few hundred milliseconds to load, so only a process that searches pays. */
function simplify(text: string): string {
  const convert = toSimplified ?? OpenCC.Converter({ from: 't', to: 'cn' });
  toSimplified = convert;
  return convert(text);
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** NFKC, case folding and Traditional→Simplified folding: 臺灣, 台灣 and 台湾 all become 台湾; `ＡＢＣ` becomes `abc`. */
export function fold(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  return HAN.test(folded) ? simplify(folded) : folded;
}

/** Whether a token is one CJK character (a one-character query, matched against an article's characters). */
export function isCjkChar(token: string): boolean {
  return CJK_CHAR.test(token);
}

/**
 * The tokens of folded text, in order: each CJK run as its overlapping character bigrams (a one-character run as
 * itself), other text split into words (by `Intl.Segmenter` for Thai, Lao, Khmer and Burmese), apostrophes dropped (`don't` → `dont`), punctuation and
 * emoji dropped.
 */
export function tokenizeFolded(folded: string, out: string[] = []): string[] {
  let last = 0;
  for (const match of folded.matchAll(CJK_RUN)) {
    words(folded.slice(last, match.index), out);
    bigrams(match[0], out);
    last = match.index + match[0].length;
  }
  words(folded.slice(last), out);
  return out;
}

/** {@link fold} then {@link tokenizeFolded}. */
export function tokenize(text: string): string[] {
  return tokenizeFolded(fold(text));
}

/** The distinct CJK characters of folded text, for one-character queries. */
export function cjkChars(folded: string): string[] {
  const chars = new Set<string>();
  for (const match of folded.matchAll(CJK_RUN)) for (const c of match[0]) chars.add(c);
  return [...chars];
}

function bigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/** Scripts written without spaces between words, which need a dictionary (`Intl.Segmenter`) to find words. */
const UNSPACED = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const TOKEN_RUN = /[\p{L}\p{N}\p{M}]+/gu;

function words(text: string, out: string[]): void {
  if (UNSPACED.test(text)) {
    for (const segment of segmenter.segment(text)) {
      if (!segment.isWordLike) continue;
      for (const part of segment.segment.replace(APOSTROPHES, '').split(NOT_TOKEN_CHAR)) {
        if (part !== '') out.push(part);
      }
    }
    return;
  }
  // For spaced scripts the segmenter's words, split at punctuation as above, are exactly these runs; a regex is
  // several times faster.
  for (const match of text.replace(APOSTROPHES, '').matchAll(TOKEN_RUN)) out.push(match[0]);
}

const foldedChars = new Map<string, string>();

/** Folds one character at a time, so every folded character maps back to a position in the original text. */
function foldWithOffsets(text: string): { folded: string; offsets: number[] } {
  let folded = '';
  const offsets: number[] = [];
  let offset = 0;
  for (const c of text) {
    let f = foldedChars.get(c);
    if (f === undefined) {
      f = fold(c);
      if (foldedChars.size < 50_000) foldedChars.set(c, f);
    }
    for (let i = 0; i < f.length; i++) offsets.push(offset);
    folded += f;
    offset += c.length;
  }
  offsets.push(offset);
  return { folded, offsets };
}

/**
 * About `width` characters of `text` around the first occurrence of any of `needles` (folded tokens), with `…` where
 * it was cut; the start of the text when none occurs.
 */
export function snippet(text: string, needles: readonly string[], width = 160): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const { folded, offsets } = foldWithOffsets(clean);
  let at = -1;
  for (const needle of needles) {
    const i = folded.indexOf(needle);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const center = at < 0 ? 0 : offsets[at]!;
  const start = Math.max(0, Math.min(center - Math.floor(width / 3), clean.length - width));
  const end = Math.min(clean.length, start + width);
  return `${start > 0 ? '…' : ''}${clean.slice(start, end).trim()}${end < clean.length ? '…' : ''}`;
}
