import { toScript } from '../../text/zh-script.js';

/**
 * Hash functions in a signature. With {@link BANDS} bands of {@link ROWS} rows, a pair at 0.75 similarity shares a
 * band with probability 1 − (1 − 0.75⁴)³² ≈ 0.9999, a pair at 0.3 with ≈ 0.23 (and is then rejected on the full
 * signature).
 */
export const HASHES = 128;
export const BANDS = 32;
export const ROWS = HASHES / BANDS;
/** Text read per article: the lead carries the story; boilerplate tails differ between outlets. */
const MAX_CHARS = 4_000;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * The text that identifies a story: NFKC, case-folded, Traditional Chinese folded to Simplified (the same wire story
 * runs in both scripts), punctuation dropped, spaces collapsed; the title then the lead of the text.
 */
export function storyText(title: string, text: string): string {
  const raw = `${title}\n${text.slice(0, MAX_CHARS)}`.normalize('NFKC').toLowerCase();
  const folded = /\p{Script=Han}/u.test(raw) ? toScript(raw, 'zh-CN') : raw;
  return folded
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, '')
    .trim();
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finalizer: spreads one 32-bit hash into a well-mixed other, one per seed. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => mix(Math.imul(i + 1, 0x9e3779b9)));

/** Character shingles: 3 characters for CJK text (a word is one or two), 5 for other scripts (about a word). */
export function shingles(text: string): Set<string> {
  const chars = Array.from(text);
  const cjk = chars.filter((c) => CJK.test(c)).length;
  const size = cjk * 2 >= chars.length ? 3 : 5;
  const set = new Set<string>();
  if (chars.length > 0 && chars.length <= size) set.add(text);
  for (let i = 0; i + size <= chars.length; i++) set.add(chars.slice(i, i + size).join(''));
  return set;
}

/** The MinHash signature of a set of shingles: per seed, the least mixed hash. */
export function minhash(set: ReadonlySet<string>): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of set) {
    const h = fnv1a(shingle);
    for (let i = 0; i < HASHES; i++) {
      const v = mix(h ^ (SEEDS[i] ?? 0));
      if (v < (signature[i] ?? 0)) signature[i] = v;
    }
  }
  return signature;
}

export const toHex = (signature: Uint32Array): string =>
  Array.from(signature, (v) => v.toString(16).padStart(8, '0')).join('');

export function fromHex(hex: string): Uint32Array {
  const out = new Uint32Array(HASHES);
  for (let i = 0; i < HASHES; i++) out[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) || 0;
  return out;
}

/** The share of equal positions: an estimate of the Jaccard similarity of the two shingle sets. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/** One hash per band of {@link ROWS} signature values; stories sharing any band hash are candidates. */
export function bandHashes(signature: Uint32Array): string[] {
  const bands: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    const rows = toHex(signature.subarray(b * ROWS, (b + 1) * ROWS));
    // 64 bits: a collision only adds a candidate, which the full signature then rejects.
    bands.push(`${fnv1a(rows).toString(16)}${mix(fnv1a(rows) ^ b).toString(16)}`);
  }
  return bands;
}
