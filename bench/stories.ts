/**
 * Story matching on a labelled set: `npx tsx bench/stories.ts` reads test/fixtures/stories/pairs.jsonl (pairs of
 * articles, each labelled the same story or not, with a kind: wire copy, Traditional/Simplified rewrite,
 * English/Chinese report, near-miss, follow-up, live update…), runs today's matcher on every pair and prints
 * precision and recall overall and per kind, with the confusion counts.
 *
 * Today's matcher is the real code of src/pipeline/stories/story-key.ts: the two articles' fingerprints
 * ({@link storyFingerprint}) must share an LSH band (how the store finds candidates), be published within
 * {@link STORY_MATCH_DAYS} of each other, and have a {@link signatureSimilarity} of at least
 * {@link SAME_STORY_SIMILARITY}.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  SAME_STORY_SIMILARITY,
  STORY_MATCH_DAYS,
  signatureSimilarity,
  storyFingerprint,
} from '../src/pipeline/stories/story-key.js';

interface Article {
  title: string;
  text: string;
  lang: string;
  publishedAt: string;
  outlet: string;
}
interface Pair {
  id: string;
  a: Article;
  b: Article;
  same: boolean;
  kind: string;
  note?: string;
}

const file = fileURLToPath(new URL('../test/fixtures/stories/pairs.jsonl', import.meta.url));
const pairs: Pair[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Pair);

/** Whether today's matcher puts the two articles in one story, and the similarity it computed. */
function todaysMatcher(pair: Pair): { match: boolean; score: number } {
  const fa = storyFingerprint({ title: pair.a.title, contentText: pair.a.text });
  const fb = storyFingerprint({ title: pair.b.title, contentText: pair.b.text });
  const bands = new Set(fa.bands);
  const candidate = fb.bands.some((band) => bands.has(band));
  const apart = Math.abs(Date.parse(pair.a.publishedAt) - Date.parse(pair.b.publishedAt));
  const score = signatureSimilarity(fa.signature, fb.signature);
  return { match: candidate && apart <= STORY_MATCH_DAYS * 86_400_000 && score >= SAME_STORY_SIMILARITY, score };
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  scores: number[];
}
const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0, tn: 0, scores: [] });
const overall = tally();
const kinds = new Map<string, Tally>();
const wrongMerges: string[] = [];

const start = process.hrtime.bigint();
for (const pair of pairs) {
  const { match, score } = todaysMatcher(pair);
  const kind = kinds.get(pair.kind) ?? tally();
  kinds.set(pair.kind, kind);
  for (const t of [overall, kind]) {
    if (pair.same && match) t.tp++;
    else if (!pair.same && match) t.fp++;
    else if (pair.same) t.fn++;
    else t.tn++;
    t.scores.push(score);
  }
  if (match && !pair.same) wrongMerges.push(`\n  ${pair.id} (similarity ${score.toFixed(2)}): ${pair.note ?? ''}`);
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;

const ratio = (n: number, d: number) => (d === 0 ? '   –' : (n / d).toFixed(2));
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
function row(name: string, t: Tally): string {
  const cells = [
    name.padEnd(20),
    String(t.tp + t.fp + t.fn + t.tn).padStart(5),
    ...[t.tp, t.fp, t.fn, t.tn].map((v) => String(v).padStart(4)),
    ratio(t.tp, t.tp + t.fp).padStart(9),
    ratio(t.tp, t.tp + t.fn).padStart(6),
    `${Math.min(...t.scores).toFixed(2)} / ${median(t.scores).toFixed(2)} / ${Math.max(...t.scores).toFixed(2)}`,
  ];
  return cells.join('  ');
}

console.log(
  `Story matching on ${pairs.length} labelled pairs (${file.slice(file.indexOf('test/'))}), ${ms.toFixed(0)} ms`,
);
console.log(
  `Matcher: today's MinHash signatures (src/pipeline/stories/story-key.ts), same story at similarity ≥ ${SAME_STORY_SIMILARITY}, within ${STORY_MATCH_DAYS} days, sharing an LSH band\n`,
);
console.log(`${'kind'.padEnd(20)}  pairs    TP    FP    FN    TN  precision  recall  similarity min / median / max`);
for (const [name, t] of [...kinds].sort(([x], [y]) => x.localeCompare(y))) console.log(row(name, t));
console.log(row('overall', overall));

const group = (names: string[]) => {
  const t = tally();
  for (const name of names) {
    const k = kinds.get(name);
    if (!k) continue;
    t.tp += k.tp;
    t.fp += k.fp;
    t.fn += k.fn;
    t.tn += k.tn;
    t.scores.push(...k.scores);
  }
  return t;
};
const sameScript = group(['same-language-copy', 'tw-cn-script', 'live-update']);
const cross = group(['cross-language']);
console.log(
  `\nSame language or script (copies, Traditional/Simplified, live updates): recall ${ratio(sameScript.tp, sameScript.tp + sameScript.fn)}`,
);
console.log(`Cross-language: recall ${ratio(cross.tp, cross.tp + cross.fn)}`);
console.log(
  'Cross-language matching does not exist yet: this is what the MinHash matcher gets on English/Chinese pairs, not a cross-language matcher.',
);
console.log(`Wrong merges (different stories matched): ${wrongMerges.length === 0 ? 'none' : wrongMerges.join('')}`);
