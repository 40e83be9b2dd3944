/**
 * Archive search at scale: `npx tsx bench/search.ts` (50,000 articles) or `--full` (1,000,000); BENCH_ARTICLES sets
 * another size. SQLite always, PostgreSQL too when TEST_DATABASE_URL is set. Prints the indexing rate, then per
 * engine the p50/p95 latency of Herald's search (parse, catch-up check, count, page, summaries, snippets) next to a
 * bare full-text query (the same match expression, top 5 by rank over every match, nothing else) on the same data
 * in the same run, and their ratio. On SQLite, Herald ranks the newest articles first and stops once older ones
 * cannot make the page; the bare query of that plan (the same match expression, top 5 by rank among the articles
 * Herald's windows covered) is printed too, with its ratio. BENCH_VERBOSE=1 adds per-query figures; BENCH_DB=<path>
 * keeps the SQLite database there, and a later run with the same path skips loading and only measures.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { searchArchive } from '../src/search/archive.js';
import { toFts5, toTsquery } from '../src/search/compile.js';
import { parseQuery } from '../src/search/query.js';
import { rankNewestFirst } from '../src/store/kysely/search-windows.js';
import { createPostgresStore } from '../src/store/postgres.js';
import type { Database } from '../src/store/schema.js';
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
    const feed = await store.feeds.upsert({
      url: `https://feed${f}.example/`,
      title: f % 2 === 0 ? `中文新聞 ${f}` : `World News ${f}`,
      siteLink: null,
      language: f % 2 === 0 ? 'zh-TW' : 'en',
      intervalSeconds: 600,
      nextPollAt: NOW,
    });
    feedIds.push(feed.id);
    if (f < FEEDS / 2) {
      await store.subscriptions.create(
        { guildId: 'g1', channelId: `c${f}`, feedId: feed.id, mentionRoleId: null },
        NOW,
      );
    }
  }
  const start = Date.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const byFeed = new Map<number, NewArticle[]>();
    for (let j = i; j < Math.min(COUNT, i + BATCH); j++) {
      const a = article(j, NOW, COUNT);
      // Even articles (Chinese) go to even feeds, odd ones (English) to odd feeds.
      const feedId = feedIds[(j % 2) + 2 * ((j >> 1) % (FEEDS / 2))]!;
      const list = byFeed.get(feedId) ?? [];
      list.push({ key: `a${j}`, guid: null, link: `https://x.example/${j}`, author: null, imageUrl: null, ...a });
      byFeed.set(feedId, list);
    }
    for (const [feedId, items] of byFeed) await store.articles.insert(feedId, items, 'seen', NOW);
  }
  return (Date.now() - start) / 1000;
}

async function index(store: Store): Promise<number> {
  const start = Date.now();
  let done = 0;
  for (;;) {
    const n = await store.search.indexPending(BATCH, NOW);
    done += n;
    if (n < BATCH) break;
    if (done % 100_000 === 0) process.stderr.write(`  indexed ${done}\n`);
  }
  return done / ((Date.now() - start) / 1000);
}

type Runner = (q: string) => Promise<unknown>;

/**
 * p50/p95 latency of each runner over the query set, `RUNS` times; the runners take turns on every query, so load
 * from elsewhere on the machine falls on them alike.
 */
async function measure(runners: Record<string, Runner>): Promise<Record<string, { p50: number; p95: number }>> {
  const names = Object.keys(runners);
  const all = new Map<string, number[]>(names.map((n) => [n, []]));
  const perQuery = new Map<string, Map<string, number[]>>(
    BENCH_QUERIES.map((q) => [q, new Map(names.map((n) => [n, []]))]),
  );
  for (const q of BENCH_QUERIES) for (const n of names) await runners[n]!(q);
  for (let r = 0; r < RUNS; r++) {
    for (const q of BENCH_QUERIES) {
      for (const n of names) {
        const ms = await time(() => runners[n]!(q));
        all.get(n)!.push(ms);
        perQuery.get(q)!.get(n)!.push(ms);
      }
    }
  }
  if (process.env.BENCH_VERBOSE) {
    for (const [q, byRunner] of perQuery) {
      const figures = [...byRunner].map(([n, t]) => `${n} p50 ${percentile(t, 50).toFixed(2)} ms`);
      process.stdout.write(`  ${q}: ${figures.join(', ')}\n`);
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { p50: percentile(all.get(n)!, 50), p95: percentile(all.get(n)!, 95) }]),
  );
}

const figures = (f: { p50: number; p95: number }) => `p50 ${f.p50.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms`;

async function benchSqlite(): Promise<void> {
  // BENCH_DB keeps the database for another run, which then only measures the searches.
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const path = process.env.BENCH_DB ?? join(dir, 'bench.db');
  const reuse = existsSync(path);
  const store = createSqliteStore(path);
  try {
    if (!reuse) {
      const insertSeconds = await load(store);
      process.stdout.write(`sqlite: inserted ${COUNT} articles in ${insertSeconds.toFixed(1)} s\n`);
      process.stdout.write(`sqlite: indexing ${Math.round(await index(store))} articles/s\n`);
    }
    const raw = new Sqlite(path, { readonly: true });
    const bareStmt = raw.prepare('select rowid from article_fts where article_fts match ? order by rank limit 5');
    // bm25() written out, as `rank` is: FTS5 ranks `order by rank` over every match whatever the rowid range. The
    // bound is cast: FTS5 seeks to integer bounds only, and a bound JavaScript number is a REAL.
    const windowStmt = raw.prepare(
      'select rowid, bm25(article_fts) as r from article_fts where article_fts match ? and rowid >= cast(? as integer) order by r limit 5',
    );
    const herald = (q: string) => searchArchive({ store, now: () => NOW }, { guildId: 'g1', query: q });
    // Where Herald's windows start for each query (its first page in g1), read once, outside the timings.
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    const from = new Map<string, number>();
    for (const q of BENCH_QUERIES) {
      const request = { guildId: 'g1', query: parseQuery(q, NOW), limit: 5, offset: 0, now: NOW, countLimit: 1_000 };
      from.set(q, (await rankNewestFirst(kysely, request)).from ?? 0);
    }
    const m = await measure({
      Herald: herald,
      bare: async (q) => bareStmt.all(toFts5(parseQuery(q, NOW))),
      'bare in windows': async (q) => windowStmt.all(toFts5(parseQuery(q, NOW)), from.get(q)),
    });
    const ratio = (other: string) => (m.Herald!.p95 / m[other]!.p95).toFixed(2);
    process.stdout.write(
      `sqlite: Herald ${figures(m.Herald!)} | bare FTS5 top 5 ${figures(m.bare!)} | p95 ratio ${ratio('bare')}x\n`,
    );
    process.stdout.write(
      `sqlite: bare FTS5 top 5 within Herald's windows ${figures(m['bare in windows']!)} | p95 ratio ${ratio('bare in windows')}x\n`,
    );
    for (const q of BENCH_QUERIES.slice(0, 4)) {
      const page = await herald(q);
      const share = ((100 * (COUNT - (from.get(q) ?? 0))) / COUNT).toFixed(1);
      process.stdout.write(
        `  ${q}: ${page.total}${page.totalCapped ? '+' : ''} hits in g1's feeds, windows covered the newest ${share}% of articles\n`,
      );
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
    const m = await measure({ Herald: herald, bare });
    process.stdout.write(
      `postgres: Herald ${figures(m.Herald!)} | bare top 5 ${figures(m.bare!)} | p95 ratio ${(m.Herald!.p95 / m.bare!.p95).toFixed(2)}x\n`,
    );
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
