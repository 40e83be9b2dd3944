const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  兩: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Readonly<Record<string, number>> = { 萬: 1e4, 万: 1e4, 億: 1e8, 亿: 1e8 };

/** English words for numbers that news text spells out; both sides of the check read them the same way. */
const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  dozen: 12,
  twenty: 20,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};
const SCALES: Readonly<Record<string, number>> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** The value of a simple Chinese numeral (三十五, 兩千, 一百二十萬); NaN when it is not one. */
export function chineseNumeral(text: string): number {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const c of text) {
    if (c in DIGITS) digit = DIGITS[c] ?? 0;
    else if (c in SMALL_UNITS) {
      section += (digit < 0 ? 1 : digit) * (SMALL_UNITS[c] ?? 1);
      digit = -1;
    } else if (c in BIG_UNITS) {
      total += (section + Math.max(digit, 0)) * (BIG_UNITS[c] ?? 1);
      section = 0;
      digit = -1;
    } else return Number.NaN;
  }
  return total + section + Math.max(digit, 0);
}

/** What follows 一 in common words where it is no quantity: 一度, 一些, 一起, 一直, 一同, 一般, 一樣, 一旦, 一再… */
const ONE_IN_WORDS = /^[度些起直同般樣样旦再切致律帶带舉举向時时邊边面連连味]/u;
const CHINESE_RUN = /[零〇一二兩两三四五六七八九十百千萬万億亿]+/gu;
/** A number in digits (thousands separators allowed), with an optional half (5個半), scale word or Chinese unit. */
const NUMBER =
  /(\d+(?:,\d{3})*(?:\.\d+)?)(\s*(?:個半|个半|又半))?\s*(萬|万|億|亿|thousand|million|billion|trillion)?/giu;

function format(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1e6) / 1e6) : '';
}

/**
 * The numbers a text states, normalized so that the same quantity written differently compares equal: full-width
 * digits (NFKC), thousands separators, simple Chinese numerals (五, 三十, 兩千), "5個半" as 5.5, English number and
 * month words ("five", "April" → 4), and scales (1.2 million, 120萬 → 1200000; the bare figure is kept too).
 * Each quantity is returned with every form it may be compared by.
 */
export function numbersIn(text: string): string[][] {
  let normalized = text.normalize('NFKC').toLowerCase();
  // Chinese numerals become digits first, so "五個半" reads like "5個半" and "三十萬" like "30萬".
  normalized = normalized.replace(CHINESE_RUN, (run, at: number, whole: string) => {
    // A lone 十/百/千/萬 inside a word (十分, 千萬別) is rarely a quantity; a run with a digit character is.
    if (!/[零〇一二兩两三四五六七八九]/u.test(run) && run.length === 1) return run;
    // 一度 (at one point), 一起 (together), 一直 (all along)…: words, not the number 1.
    if (run === '一' && ONE_IN_WORDS.test(whole.slice(at + 1, at + 2))) return run;
    const value = chineseNumeral(run);
    return Number.isNaN(value) ? run : ` ${value} `;
  });
  normalized = normalized.replace(/\b([a-z]+)\b/gu, (word) => (word in WORDS ? ` ${WORDS[word]} ` : word));
  const found: string[][] = [];
  for (const match of normalized.matchAll(NUMBER)) {
    const bare = Number.parseFloat((match[1] ?? '').replaceAll(',', ''));
    const value = match[2] ? bare + 0.5 : bare;
    const scaleWord = match[3];
    const scale = scaleWord ? (BIG_UNITS[scaleWord] ?? SCALES[scaleWord] ?? 1) : 1;
    const forms = new Set([format(value)]);
    if (scale !== 1) forms.add(format(value * scale));
    found.push([...forms].filter(Boolean));
  }
  return found;
}

/**
 * The numbers of `claim` that the source does not state (as written in the claim), empty when every one is there.
 * A quantity passes when any of its forms (bare or scaled) appears among the source's.
 */
export function unsupportedNumbers(claim: string, source: string): string[] {
  const known = new Set(numbersIn(source).flat());
  return numbersIn(claim)
    .filter((forms) => !forms.some((f) => known.has(f)))
    .map((forms) => forms[0] ?? '');
}
