/** Full stops of Chinese and Japanese (and their half-/full-width forms): they end a sentence wherever they stand. */
const CJK_TERMINATORS = new Set(['。', '｡', '！', '？', '；', '…', '．', '‼', '⁇', '⁈', '⁉']);
const LATIN_TERMINATORS = new Set(['.', '!', '?']);
/** Closing quotes and brackets that belong to the sentence they close. */
const CLOSERS = new Set(['」', '』', '”', '’', '）', ')', '】', '》', '〉', '］', ']', '"', "'", '»', '〕', '｣']);
/** Lower-cased abbreviations (without their final dot) that do not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'mt',
  'ft',
  'no',
  'nos',
  'vs',
  'approx',
  'dept',
  'est',
  'fig',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const SPACE = /\s/u;

/** The character range of one sentence in the text it was found in (UTF-16 offsets, end exclusive). */
export interface SentenceSpan {
  start: number;
  end: number;
}

/** True when a Latin full stop at the end of `word` is part of the word: an abbreviation, an initial, "U.S.". */
function isAbbreviation(word: string): boolean {
  const bare = word.replace(/^[("'“‘[]+/, '');
  if (ABBREVIATIONS.has(bare.toLowerCase())) return true;
  if (/^\p{Lu}$/u.test(bare)) return true; // an initial, as in "J. K. Rowling"
  return /^(?:\p{L}\.)+\p{L}$/u.test(bare); // "U.S", "e.g", "i.e"
}

/** True when the next word after position `from` (past spaces) starts with a lower-case letter. */
function continuesLowerCase(cps: readonly string[], from: number): boolean {
  let k = from;
  while (k < cps.length && SPACE.test(cps[k] ?? '')) k++;
  return /\p{Ll}/u.test(cps[k] ?? '');
}

/** Whether the Latin terminator at `cps[i]` ends the sentence, given what follows (after closers) at `next`. */
function latinBreak(cps: readonly string[], i: number, next: number): boolean {
  const after = cps[next];
  if (after === undefined) return true;
  if (CJK.test(after)) return cps[i] !== '.';
  if (!SPACE.test(after)) return false; // "3.5", "example.com", "a.m."
  if (continuesLowerCase(cps, next)) return false; // "e.g. the", "Inc. said"
  if (cps[i] !== '.') return true;
  let w = i;
  while (w > 0 && !SPACE.test(cps[w - 1] ?? '')) w--;
  return !isAbbreviation(cps.slice(w, i).join(''));
}

/** Openers of quotes and brackets inside which a full stop does not end the sentence. */
const OPENERS = new Set(['「', '『', '“', '（', '《', '【', '〔', '｢']);
const PAIRED_CLOSERS = new Set(['」', '』', '”', '）', '》', '】', '〕', '｣']);
/** A quote left open longer than this is taken as unbalanced, so its full stops end sentences again. */
const MAX_QUOTE = 300;
/** Japanese quotative particles and Chinese commas that continue a sentence after a closing quote. */
const CONTINUES_AFTER_QUOTE = new Set(['と', '、', '，', ',', '：']);

/** Marks after which a line goes on to the next one: "He said:", "Paris,", "雙方同意，". */
const CONTINUES_LINE = new Set([',', '，', '、', ':', '：', '-', '–', '—', '(', '（', '「', '『', '“', '‘', '/', '&']);

/**
 * Whether the line break at `cps[at]` ends the sentence started at `from`: a line (a heading, caption or list item
 * kept apart by `<br>`) is its own sentence unless it stops on a continuing mark or the next line goes on in lower
 * case, as hard-wrapped plain text does. A line ending on a full stop was already ended there.
 */
function lineEnds(cps: readonly string[], from: number, at: number): boolean {
  let last = at - 1;
  while (last >= from && SPACE.test(cps[last] ?? '')) last--;
  if (last < from || CONTINUES_LINE.has(cps[last] ?? '')) return false;
  return !continuesLowerCase(cps, at + 1);
}

/** Sentence ranges of one paragraph (no blank lines inside), by code point so surrogate pairs stay whole. */
function paragraphSpans(text: string, offset: number, spans: SentenceSpan[]): void {
  const cps = Array.from(text);
  const unitAt: number[] = [0];
  for (const c of cps) unitAt.push((unitAt[unitAt.length - 1] ?? 0) + c.length);
  const isTerminator = (c: string | undefined): boolean =>
    c !== undefined && (CJK_TERMINATORS.has(c) || LATIN_TERMINATORS.has(c));
  const emit = (from: number, to: number): void => {
    const piece = cps.slice(from, to).join('');
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (piece.trim())
      spans.push({ start: offset + (unitAt[from] ?? 0) + lead, end: offset + (unitAt[to] ?? 0) - trail });
  };
  let start = 0;
  let depth = 0;
  let openedAt = 0;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] ?? '';
    if (c === '\n') {
      if ((depth === 0 || i - openedAt >= MAX_QUOTE) && lineEnds(cps, start, i)) {
        emit(start, i);
        start = i + 1;
        depth = 0;
      }
      continue;
    }
    if (OPENERS.has(c)) {
      if (depth++ === 0) openedAt = i;
      continue;
    }
    if (PAIRED_CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    if (!isTerminator(c)) continue;
    let next = i + 1;
    while (isTerminator(cps[next])) next++;
    let depthAfter = depth;
    for (; next < cps.length && CLOSERS.has(cps[next] ?? ''); next++) {
      if (PAIRED_CLOSERS.has(cps[next] ?? '')) depthAfter = Math.max(0, depthAfter - 1);
    }
    if (depthAfter > 0 && i - openedAt < MAX_QUOTE) continue;
    if (next > i + 1 && CLOSERS.has(cps[next - 1] ?? '') && CONTINUES_AFTER_QUOTE.has(cps[next] ?? '')) continue;
    const ends = c === '…' ? !continuesLowerCase(cps, next) : CJK_TERMINATORS.has(c) || latinBreak(cps, i, next);
    if (!ends) continue;
    emit(start, next);
    start = next;
    depth = 0;
    i = next - 1;
  }
  if (start < cps.length) emit(start, cps.length);
}

/**
 * Where the sentences of `text` are. Paragraph breaks (blank lines) always end a sentence, and so does a line
 * break unless the line stops on a comma or colon or the next goes on in lower case; Chinese and Japanese
 * full stops end one wherever they stand; Latin `.`, `!`, `?` end one before a space and a non-lower-case word,
 * except after common abbreviations and initials. Closing quotes and brackets stay with their sentence.
 */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const breaks = /\n[ \t\f\r\u00a0]*\n\s*/g;
  let from = 0;
  for (const m of text.matchAll(breaks)) {
    paragraphSpans(text.slice(from, m.index), from, spans);
    from = m.index + m[0].length;
  }
  paragraphSpans(text.slice(from), from, spans);
  return spans;
}

/** Joins the lines of a sentence: no space between two CJK characters, one space otherwise. */
function joinLines(sentence: string): string {
  return sentence.replace(/[ \t]*\n\s*/g, (_match, at: number) => {
    const before = sentence[at - 1] ?? '';
    const after = sentence[at + _match.length] ?? '';
    return CJK.test(before) && CJK.test(after) ? '' : ' ';
  });
}

/** The sentences of `text`, trimmed, in order; see {@link sentenceSpans} for the rules. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map((s) => joinLines(text.slice(s.start, s.end)));
}

/** True when the text is written mostly without spaces between words (Chinese, Japanese). */
export function isCjkText(text: string): boolean {
  let cjk = 0;
  let other = 0;
  for (const c of text) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(c)) cjk++;
    else if (/\p{L}/u.test(c)) other++;
  }
  return cjk > 0 && cjk >= other / 4;
}

/** True when the sentence ends on a full stop, question or exclamation mark (closing quotes and brackets aside). */
export function hasEndPunctuation(sentence: string): boolean {
  const cps = Array.from(sentence.trimEnd());
  let i = cps.length - 1;
  while (i >= 0 && CLOSERS.has(cps[i] ?? '')) i--;
  const c = cps[i];
  return c !== undefined && (CJK_TERMINATORS.has(c) || LATIN_TERMINATORS.has(c));
}
