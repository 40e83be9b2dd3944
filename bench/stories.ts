/**
 * Story matching on a labelled set: `npx tsx bench/stories.ts` reads test/fixtures/stories/pairs.jsonl (pairs of
 * articles labelled the same story or not, with a kind, and per article the entities and topics an LLM summary
 * returns, annotated by hand) and prints precision and recall per matcher, same-language (one script family:
 * English, or Chinese in either script) and cross-language, on the whole set and on its two halves.
 *
 * The matchers are the real code of src/pipeline/stories/: `MinHash` is {@link sameStoryText} (signatures, title
 * vetoes, time window); `+ entities` is {@link sameStory} with each article's facts (entities' English names,
 * measurements; no embedding); `+ embeddings` is {@link sameStory} with the embedding of each article's title and
 * text, measured only against a real endpoint: `--embeddings-url <OpenAI-compatible base URL> --embeddings-model
 * <name>` (key from OPENAI_API_KEY). Offline, that row says it was not measured.
 *
 * Fitting: the thresholds are fitted on the even lines of the file (the highest recall with precision ≥ 0.97) and
 * printed next to the ones the code uses; the odd lines are the held-out half.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type StoryView, sameStory } from '../src/pipeline/stories/same-story.js';
import {
  measuresIn,
  SAME_STORY_EMBEDDING_SIMILARITY,
  SAME_STORY_ENTITY_OVERLAP,
  scriptFamily,
} from '../src/pipeline/stories/story-facts.js';
import { SAME_STORY_SIMILARITY, STORY_MATCH_HOURS, storyFingerprint } from '../src/pipeline/stories/story-key.js';
import { createOpenAiEmbedder } from '../src/summarize/embeddings.js';

interface Article {
  title: string;
  text: string;
  lang: string;
  publishedAt: string;
  outlet: string;
  entities: string[];
  topics: string[];
}
interface Pair {
  id: string;
  a: Article;
  b: Article;
  same: boolean;
  kind: string;
  note?: string;
}

const { values: args } = parseArgs({
  options: { 'embeddings-url': { type: 'string' }, 'embeddings-model': { type: 'string' } },
});
const file = fileURLToPath(new URL('../test/fixtures/stories/pairs.jsonl', import.meta.url));
const pairs: Pair[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Pair);

type Views = [StoryView, StoryView];
const view = (a: Article, embedding?: number[]): StoryView => ({
  signature: storyFingerprint({ title: a.title, contentText: a.text }).signature,
  at: Date.parse(a.publishedAt),
  facts: {
    family: scriptFamily(`${a.title} ${a.text}`),
    entities: a.entities,
    topics: a.topics,
    measures: measuresIn(`${a.title}\n${a.text}`),
    embedding,
  },
});
const cross = (p: Pair) => scriptFamily(p.a.title + p.a.text) !== scriptFamily(p.b.title + p.b.text);

interface Thresholds {
  text?: number;
  entities?: number;
  embedding?: number;
}
type Matcher = (views: Views, t: Thresholds) => boolean;
const minhash: Matcher = ([a, b], t) => sameStory({ ...a, facts: null }, { ...b, facts: null }, t);
const withFacts: Matcher = ([a, b], t) => sameStory(a, b, t);

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
function tally(rows: Array<{ pair: Pair; views: Views }>, matcher: Matcher, t: Thresholds, wrong?: string[]): Tally {
  const out = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { pair, views } of rows) {
    const match = matcher(views, t);
    if (pair.same && match) out.tp++;
    else if (match) {
      out.fp++;
      wrong?.push(`${pair.id}: ${pair.note ?? ''}`);
    } else if (pair.same) out.fn++;
    else out.tn++;
  }
  return out;
}
const precision = (t: Tally) => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
const recall = (t: Tally) => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));
const fmt = (t: Tally) =>
  `${precision(t).toFixed(2)} / ${recall(t).toFixed(2)} (${String(t.tp + t.fn).padStart(3)} same, ${String(t.fp + t.tn).padStart(3)} not)`;

/** The threshold in `grid` with the best recall at precision ≥ 0.97 on `rows` (the highest among equals). */
function fitThreshold(
  rows: Array<{ pair: Pair; views: Views }>,
  grid: number[],
  at: (v: number) => [Matcher, Thresholds],
) {
  let best = { value: grid[grid.length - 1] ?? 1, recall: -1 };
  for (const value of grid) {
    const [matcher, t] = at(value);
    const result = tally(rows, matcher, t);
    if (precision(result) >= 0.97 && recall(result) >= best.recall) best = { value, recall: recall(result) };
  }
  return best.value;
}

async function embedAll(): Promise<Map<Article, number[]> | null> {
  const url = args['embeddings-url'];
  const model = args['embeddings-model'];
  if (!url || !model) return null;
  const embedder = createOpenAiEmbedder({ baseURL: url, apiKey: process.env.OPENAI_API_KEY ?? 'none', model });
  const articles = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const vectors = new Map<Article, number[]>();
  for (let i = 0; i < articles.length; i += 64) {
    const batch = articles.slice(i, i + 64);
    const embedded = await embedder.embed(batch.map((a) => `${a.title}\n${a.text}`));
    for (const [j, a] of batch.entries()) vectors.set(a, embedded[j] ?? []);
  }
  return vectors;
}

const start = process.hrtime.bigint();
const embeddings = await embedAll();
const rows = pairs.map((pair) => ({ pair, views: [view(pair.a), view(pair.b)] as Views }));
const embeddedRows = embeddings
  ? pairs.map((pair) => ({
      pair,
      views: [view(pair.a, embeddings.get(pair.a)), view(pair.b, embeddings.get(pair.b))] as Views,
    }))
  : null;
const even = (_: unknown, i: number) => i % 2 === 0;
const grid = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100);

const fitted = {
  text: fitThreshold(rows.filter(even), grid(0.3, 0.95, 0.05), (v) => [minhash, { text: v }]),
  entities: fitThreshold(rows.filter(even), grid(0.3, 1, 0.05), (v) => [withFacts, { entities: v }]),
  embedding: embeddedRows
    ? fitThreshold(embeddedRows.filter(even), grid(0.5, 0.99, 0.01), (v) => [withFacts, { embedding: v }])
    : null,
};
const used: Thresholds = {
  text: SAME_STORY_SIMILARITY,
  entities: SAME_STORY_ENTITY_OVERLAP,
  embedding: SAME_STORY_EMBEDDING_SIMILARITY,
};

console.log(`Story matching on ${pairs.length} labelled pairs (${file.slice(file.indexOf('test/'))})`);
console.log(
  `Thresholds fitted on the even lines (best recall at precision ≥ 0.97) / used by the code: MinHash similarity ${fitted.text} / ${used.text}, entity overlap ${fitted.entities} / ${used.entities}, embedding cosine ${fitted.embedding ?? 'not measured'} / ${used.embedding}; time window ${STORY_MATCH_HOURS} h\n`,
);
console.log(
  `${'matcher'.padEnd(14)}${'rows'.padEnd(13)}${'same-language P / R'.padEnd(32)}${'cross-language P / R'.padEnd(32)}overall P / R`,
);
const wrong = new Map<string, string[]>();
const matchers: Array<[string, Matcher, Array<{ pair: Pair; views: Views }> | null]> = [
  ['MinHash', minhash, rows],
  ['+ entities', withFacts, rows],
  ['+ embeddings', withFacts, embeddedRows],
];
for (const [name, matcher, set] of matchers) {
  if (!set) {
    console.log(
      `${name.padEnd(14)}not measured: no embeddings endpoint given (--embeddings-url <base URL> --embeddings-model <name>); the fake server's embeddings are not a model`,
    );
    continue;
  }
  const halves: Array<[string, typeof set]> = [
    ['all', set],
    ['even (fit)', set.filter(even)],
    ['odd (held out)', set.filter((r, i) => !even(r, i))],
  ];
  for (const [half, part] of halves) {
    const merges: string[] = [];
    const same = tally(
      part.filter((r) => !cross(r.pair)),
      matcher,
      used,
      half === 'all' ? merges : undefined,
    );
    const other = tally(
      part.filter((r) => cross(r.pair)),
      matcher,
      used,
      half === 'all' ? merges : undefined,
    );
    const all = { tp: same.tp + other.tp, fp: same.fp + other.fp, fn: same.fn + other.fn, tn: same.tn + other.tn };
    if (half === 'all') wrong.set(name, merges);
    console.log(
      `${(half === 'all' ? name : '').padEnd(14)}${half.padEnd(15)}${fmt(same).padEnd(32)}${fmt(other).padEnd(32)}${fmt(all)}`,
    );
  }
}
for (const [name, list] of wrong)
  console.log(`\nWrong merges, ${name}: ${list.length === 0 ? 'none' : `\n  ${list.join('\n  ')}`}`);
console.log(`\n${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`);
