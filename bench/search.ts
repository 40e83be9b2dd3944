/**
 * Archive search at scale: `npx tsx bench/search.ts` (50,000 articles) or `--full` (1,000,000). SQLite always,
 * PostgreSQL too when TEST_DATABASE_URL is set. Prints the indexing rate, then per engine the p50/p95 latency of
 * Herald's search (parse, catch-up check, count, page, summaries, snippets) next to a bare full-text query (the same
 * match expression, top 5 by rank, nothing else) on the same data in the same run, and their ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { searchArchive } from '../src/search/archive.js';
import { toFts5, toTsquery } from '../src/search/compile.js';
import { parseQuery } from '../src/search/query.js';
import { createPostgresStore } from '../src/store/postgres.js';
import { createSqliteStore } from '../src/store/sqlite.js';
import type { NewArticle, Store } from '../src/store/store.js';
import { createPgSchema } from '../test/support/pg-schema.js';
import { article, BENCH_QUERIES } from './search-corpus.js';

const FULL = process.argv.includes('--full');
const COUNT = Number(process.env.BENCH_ARTICLES ?? (FULL ? 1_000_000 : 50_000));
const FEEDS = 40;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NOW = Date.UTC(2026, 0, 1);
const BATCH = 2_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Loads the corpus: 40 feeds, the guild `g1` subscribing to half of them; returns seconds spent inserting. */
async function load(store: Store): Promise<number> {
  await store.migrate();
  const feedIds: number[] = [];
  for (let f = 0; f < FEEDS; f++) {
    const feed = await store.upsertFeed({
      url: `https://feed${f}.example/`,
      title: f % 2 === 0 ? `中文新聞 ${f}` : `World News ${f}`,
      siteLink: null,
      language: f % 2 === 0 ? 'zh-TW' : 'en',
      intervalSeconds: 600,
      nextPollAt: NOW,
    });
    feedIds.push(feed.id);
    if (f < FEEDS / 2) {
      await store.subscribe({ guildId: 'g1', channelId: `c${f}`, feedId: feed.id, mentionRoleId: null }, NOW);
    }
  }
  const start = Date.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const byFeed = new Map<number, NewArticle[]>();
    for (let j = i; j < Math.min(COUNT, i + BATCH); j++) {
      const a = article(j, NOW);
      // Even articles (Chinese) go to even feeds, odd ones (English) to odd feeds.
      const feedId = feedIds[(j % 2) + 2 * ((j >> 1) % (FEEDS / 2))]!;
      const list = byFeed.get(feedId) ?? [];
      list.push({ key: `a${j}`, guid: null, link: `https://x.example/${j}`, author: null, imageUrl: null, ...a });
      byFeed.set(feedId, list);
    }
    for (const [feedId, items] of byFeed) await store.insertArticles(feedId, items, 'seen', NOW);
  }
  return (Date.now() - start) / 1000;
}

async function index(store: Store): Promise<number> {
  const start = Date.now();
  let done = 0;
  for (;;) {
    const n = await store.indexPending(BATCH, NOW);
    done += n;
    if (n < BATCH) break;
    if (done % 100_000 === 0) process.stderr.write(`  indexed ${done}\n`);
  }
  return done / ((Date.now() - start) / 1000);
}

async function measure(label: string, herald: (q: string) => Promise<unknown>, bare: (q: string) => Promise<unknown>) {
  const h: number[] = [];
  const b: number[] = [];
  const perQuery = new Map<string, { h: number[]; b: number[] }>(BENCH_QUERIES.map((q) => [q, { h: [], b: [] }]));
  for (const q of BENCH_QUERIES) {
    await herald(q);
    await bare(q);
  }
  for (let r = 0; r < RUNS; r++) {
    for (const q of BENCH_QUERIES) {
      const [th, tb] = [await time(() => herald(q)), await time(() => bare(q))];
      h.push(th);
      b.push(tb);
      perQuery.get(q)!.h.push(th);
      perQuery.get(q)!.b.push(tb);
    }
  }
  if (process.env.BENCH_VERBOSE) {
    for (const [q, t] of perQuery) {
      process.stdout.write(
        `  ${q}: Herald p50 ${percentile(t.h, 50).toFixed(2)} ms, bare p50 ${percentile(t.b, 50).toFixed(2)} ms\n`,
      );
    }
  }
  const [h50, h95, b50, b95] = [percentile(h, 50), percentile(h, 95), percentile(b, 50), percentile(b, 95)];
  process.stdout.write(
    `${label}: Herald p50 ${h50.toFixed(2)} ms, p95 ${h95.toFixed(2)} ms | bare p50 ${b50.toFixed(2)} ms, p95 ${b95.toFixed(2)} ms | p95 ratio ${(h95 / b95).toFixed(2)}x\n`,
  );
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const path = join(dir, 'bench.db');
  const store = createSqliteStore(path);
  try {
    const insertSeconds = await load(store);
    process.stdout.write(`sqlite: inserted ${COUNT} articles in ${insertSeconds.toFixed(1)} s\n`);
    process.stdout.write(`sqlite: indexing ${Math.round(await index(store))} articles/s\n`);
    const raw = new Sqlite(path, { readonly: true });
    const bareStmt = raw.prepare('select rowid from article_fts where article_fts match ? order by rank limit 5');
    const herald = (q: string) => searchArchive({ store, now: () => NOW }, { guildId: 'g1', query: q });
    const bare = async (q: string) => bareStmt.all(toFts5(parseQuery(q, NOW)));
    await measure('sqlite', herald, bare);
    for (const q of BENCH_QUERIES.slice(0, 4)) {
      const page = await herald(q);
      process.stdout.write(`  ${q}: ${page.total} hits in g1's feeds\n`);
    }
    raw.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(baseUrl: string): Promise<void> {
  const { url, drop } = await createPgSchema(baseUrl);
  const store = createPostgresStore(url);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const insertSeconds = await load(store);
    process.stdout.write(`postgres: inserted ${COUNT} articles in ${insertSeconds.toFixed(1)} s\n`);
    process.stdout.write(`postgres: indexing ${Math.round(await index(store))} articles/s\n`);
    await pool.query('analyze');
    const herald = (q: string) => searchArchive({ store, now: () => NOW }, { guildId: 'g1', query: q });
    const bare = (q: string) =>
      pool.query(
        'select article_id from article_search where tsv @@ $1::tsquery order by ts_rank(tsv, $1::tsquery) desc limit 5',
        [toTsquery(parseQuery(q, NOW))],
      );
    await measure('postgres', herald, bare);
  } finally {
    await pool.end();
    await store.close();
    await drop();
  }
}

process.stdout.write(
  `bench/search: ${COUNT} articles (half Chinese), ${BENCH_QUERIES.length} queries x ${RUNS} runs\n`,
);
await benchSqlite();
if (process.env.TEST_DATABASE_URL) await benchPostgres(process.env.TEST_DATABASE_URL);
