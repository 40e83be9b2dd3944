/**
 * Topic matching at scale: `npx tsx bench/topics.ts` matches 1,000 new articles (half Chinese) against 10,000 topic
 * subscriptions with the inverted index, then with a naive loop testing every subscription, checks they agree, and
 * prints articles per second for both and the ratio. BENCH_TOPICS / BENCH_TOPIC_ARTICLES change the sizes.
 */
import { buildDocument } from '../src/search/document.js';
import { compileTopics, matchTopics, prepareDocument, queryMatches } from '../src/search/match.js';
import { parseQuery } from '../src/search/query.js';
import { article, topicQuery } from './search-corpus.js';

const TOPICS = Number(process.env.BENCH_TOPICS ?? 10_000);
const ARTICLES = Number(process.env.BENCH_TOPIC_ARTICLES ?? 1_000);
const NOW = Date.UTC(2026, 0, 1);

const topics = Array.from({ length: TOPICS }, (_, i) => ({ id: i + 1, query: parseQuery(topicQuery(i), NOW) }));
const docs = Array.from({ length: ARTICLES }, (_, i) => {
  const a = article(5_000_000 + i, NOW);
  return prepareDocument({
    doc: buildDocument({ ...a, feedTitle: i % 2 === 0 ? '中文新聞' : 'World News', summaries: [] }),
    feedId: 1 + (i % 10),
    feedTitle: i % 2 === 0 ? '中文新聞' : 'World News',
    feedUrl: `https://feed${i % 10}.example/`,
    lang: i % 2 === 0 ? 'zh-tw' : 'en',
    at: a.publishedAt,
  });
});

// Document frequencies from a sample of other articles of the same corpus pick each topic's rarest term.
const df = new Map<string, number>();
for (let i = 0; i < 2_000; i++) {
  const doc = buildDocument({ ...article(9_000_000 + i, NOW), feedTitle: null, summaries: [] });
  for (const token of new Set([...doc.head, ...doc.body, ...doc.chars])) df.set(token, (df.get(token) ?? 0) + 1);
}

let start = process.hrtime.bigint();
const index = compileTopics(topics, (token) => df.get(token) ?? 0);
const compileMs = Number(process.hrtime.bigint() - start) / 1e6;

const runIndexed = () => docs.map((d) => matchTopics(index, d));
const runNaive = () => docs.map((d) => topics.filter((t) => queryMatches(t.query, d)).map((t) => t.id));
// One untimed pass each first, so that neither pays for the JIT warming up.
runIndexed();
runNaive();

start = process.hrtime.bigint();
const indexed = runIndexed();
const indexedMs = Number(process.hrtime.bigint() - start) / 1e6;

start = process.hrtime.bigint();
const naive = runNaive();
const naiveMs = Number(process.hrtime.bigint() - start) / 1e6;

const agree = indexed.every((ids, i) => ids.join() === naive[i]!.join());
const matches = indexed.reduce((n, ids) => n + ids.length, 0);
const rate = (ms: number) => Math.round(ARTICLES / (ms / 1000));
process.stdout.write(
  [
    `bench/topics: ${TOPICS} topic subscriptions x ${ARTICLES} articles (half Chinese), ${matches} matches`,
    `index built in ${compileMs.toFixed(1)} ms`,
    `inverted index: ${indexedMs.toFixed(1)} ms, ${rate(indexedMs)} articles/s (${Math.round((ARTICLES * TOPICS) / (indexedMs / 1000))} article-topic pairs decided/s)`,
    `naive loop:     ${naiveMs.toFixed(1)} ms, ${rate(naiveMs)} articles/s`,
    `speed-up ${(naiveMs / indexedMs).toFixed(1)}x; same matches: ${agree}`,
    '',
  ].join('\n'),
);
if (!agree) process.exitCode = 1;
