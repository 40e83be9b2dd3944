/**
 * Archive search at scale: `npx tsx bench/search.ts` (50,000 articles) or `--full` (1,000,000); BENCH_ARTICLES sets
 * another size. SQLite always, PostgreSQL too when TEST_DATABASE_URL is set. Prints the indexing rate, then per
 * engine the p50/p95 latency of Herald's search (parse, catch-up check, count, page, summaries, snippets) next to a
 * bare full-text query (the same match expression, top 5 by rank over every match, nothing else) on the same data
 * in the same run, and their ratio. On SQLite, Herald ranks the newest articles first and stops once older ones
 * cannot make the page; the bare query of that plan (the same match expression, top 5 by rank among the articles
 * Herald's windows covered) is printed too, with its ratio. On PostgreSQL, Herald ranks newest-first windows too
 * (`search-windows-pg.ts`), and the bare query is `ts_rank` over every match. BENCH_VERBOSE=1 adds per-query figures;
 * BENCH_DB=<path> keeps the SQLite database there, and a later run with the same path skips loading and only
 * measures; `--reuse` does the same on PostgreSQL with the schema `herald_bench_search_<count>` (drop it when done);
 * `--only=sqlite` or `--only=postgres` runs one engine.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
/** Articles per INSERT when loading PostgreSQL. */
const PG_BATCH = 5_000;
/** Indexers running at once on the PostgreSQL corpus. */
const PG_INDEXERS = 3;
const REUSE = process.argv.includes('--reuse');
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The 40 feeds, the guild `g1` subscribing to half of them; returns their ids. */
async function createFeeds(store: Store): Promise<number[]> {
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
  return feedIds;
}

/** Article `j` of the corpus: even articles (Chinese) go to even feeds, odd ones (English) to odd feeds. */
function corpusArticle(j: number, feedIds: number[]): { feedId: number; item: NewArticle } {
  const a = article(j, NOW, COUNT);
  const feedId = feedIds[(j % 2) + 2 * ((j >> 1) % (FEEDS / 2))]!;
  return {
    feedId,
    item: { key: `a${j}`, guid: null, link: `https://x.example/${j}`, author: null, imageUrl: null, ...a },
  };
}

/** Loads the corpus through the store; returns seconds spent inserting. */
async function load(store: Store): Promise<number> {
  await store.migrate();
  const feedIds = await createFeeds(store);
  const start = Date.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const byFeed = new Map<number, NewArticle[]>();
    for (let j = i; j < Math.min(COUNT, i + BATCH); j++) {
      const { feedId, item } = corpusArticle(j, feedIds);
      const list = byFeed.get(feedId) ?? [];
      list.push(item);
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
 * p50/p95 latency of each runner over the query set, `RUNS` times. The runners take turns by passes over the whole
 * set, the first of each run taking the next turn, so load from elsewhere on the machine falls on them alike and each
 * is measured in the cache its own queries leave: taking turns on every query made Herald, always first, read cold
 * what the bare query's scan of a common character had just evicted (PostgreSQL's 128 MB of shared buffers by
 * default), and the bare query, next on the same query, read it warm from Herald.
 */
async function measure(runners: Record<string, Runner>): Promise<Record<string, { p50: number; p95: number }>> {
  const names = Object.keys(runners);
  const all = new Map<string, number[]>(names.map((n) => [n, []]));
  const perQuery = new Map<string, Map<string, number[]>>(
    BENCH_QUERIES.map((q) => [q, new Map(names.map((n) => [n, []]))]),
  );
  for (const q of BENCH_QUERIES) for (const n of names) await runners[n]!(q);
  for (let r = 0; r < RUNS; r++) {
    for (const n of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) {
      for (const q of BENCH_QUERIES) {
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
/** The machine's load average over the last 1 and 5 minutes, printed beside the figures: a shared machine slows both runners. */
const loadAverage = () =>
  `(load average ${loadavg()
    .slice(0, 2)
    .map((l) => l.toFixed(1))
    .join(', ')})`;

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
      `sqlite: Herald ${figures(m.Herald!)} | bare FTS5 top 5 ${figures(m.bare!)} | p95 ratio ${ratio('bare')}x ${loadAverage()}\n`,
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

/**
 * The PostgreSQL schema of the corpus. With `--reuse` it is `herald_bench_search_<count>`, kept after the run: a
 * later run with `--reuse` finds the corpus loaded (a marker table says so) and only migrates and measures. Without
 * it, a fresh schema dropped at the end.
 */
async function pgSchema(baseUrl: string): Promise<{ url: string; loaded: boolean; drop(): Promise<void> }> {
  if (!REUSE) return { ...(await createPgSchema(baseUrl)), loaded: false };
  const schema = `herald_bench_search_${COUNT}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  let loaded = false;
  try {
    const marker = await admin.query(
      `select 1 from information_schema.tables where table_schema = $1 and table_name = 'bench_corpus'`,
      [schema],
    );
    loaded = marker.rowCount === 1;
    // A load that did not finish leaves no marker: start again from an empty schema.
    if (!loaded) await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.href, loaded, drop: async () => undefined };
}

/**
 * Loads the corpus into PostgreSQL quickly: articles by multi-row INSERT (one array parameter per column), then
 * Herald's own indexer with the search table's secondary indexes dropped, rebuilt once at the end.
 */
async function loadPostgres(store: Store, pool: pg.Pool): Promise<void> {
  await store.migrate();
  const feedIds = await createFeeds(store);
  const start = Date.now();
  for (let i = 0; i < COUNT; i += PG_BATCH) {
    const cols: unknown[][] = [[], [], [], [], [], [], []];
    for (let j = i; j < Math.min(COUNT, i + PG_BATCH); j++) {
      const { feedId, item } = corpusArticle(j, feedIds);
      const values = [
        feedId,
        item.key,
        item.title,
        item.link,
        item.publishedAt,
        item.contentText,
        JSON.stringify(item.categories),
      ];
      for (const [k, v] of values.entries()) cols[k]!.push(v);
    }
    await pool.query(
      `insert into articles (feed_id, item_key, title, link, published_at, content_text, categories, state, created_at)
       select f, k, t, l, p, c, cat, 'seen', $8 from unnest($1::bigint[], $2::text[], $3::text[], $4::text[],
         $5::bigint[], $6::text[], $7::text[]) as u(f, k, t, l, p, c, cat)`,
      [...cols, NOW],
    );
  }
  process.stdout.write(`postgres: inserted ${COUNT} articles in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  const { rows: indexes } = await pool.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
     where schemaname = current_schema() and tablename = 'article_search' and indexname not like '%_pkey'`,
  );
  for (const { name } of indexes) await pool.query(`drop index ${name}`);
  // Herald's indexer on disjoint id ranges, a few at a time, then its watermark past them all.
  const indexed = Date.now();
  const { rows } = await pool.query<{ lo: string; hi: string }>('select min(id) as lo, max(id) as hi from articles');
  const lo = Number(rows[0]!.lo);
  const hi = Number(rows[0]!.hi);
  let next = lo;
  const worker = async () => {
    while (next <= hi) {
      const from = next;
      next += BATCH;
      const ids = Array.from({ length: Math.min(BATCH, hi + 1 - from) }, (_, k) => from + k);
      await store.search.index(ids, NOW);
      if (Math.floor(from / 100_000) !== Math.floor((from + BATCH) / 100_000)) {
        process.stderr.write(`  indexed ${from + BATCH - lo}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: PG_INDEXERS }, worker));
  await pool.query(`insert into search_state (name, value) values ('indexed_through', $1)`, [hi]);
  const rate = COUNT / ((Date.now() - indexed) / 1000);
  process.stdout.write(`postgres: indexing ${Math.round(rate)} articles/s (${PG_INDEXERS} indexers at once)\n`);
  const built = Date.now();
  await pool.query("set maintenance_work_mem = '256MB'");
  for (const { def } of indexes) await pool.query(def);
  await pool.query('vacuum analyze');
  process.stdout.write(`postgres: built ${indexes.length} indexes in ${((Date.now() - built) / 1000).toFixed(1)} s\n`);
  await pool.query(`create table bench_corpus (articles bigint not null)`);
  await pool.query(`insert into bench_corpus values ($1)`, [COUNT]);
}

async function benchPostgres(baseUrl: string): Promise<void> {
  const { url, loaded, drop } = await pgSchema(baseUrl);
  const store = createPostgresStore(url);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    if (loaded) {
      await store.migrate();
      process.stdout.write(`postgres: reusing the ${COUNT} articles loaded earlier\n`);
    } else {
      await loadPostgres(store, pool);
    }
    const herald = (q: string) => searchArchive({ store, now: () => NOW }, { guildId: 'g1', query: q });
    const bare = (q: string) =>
      pool.query(
        'select article_id from article_search where tsv @@ $1::tsquery order by ts_rank(tsv, $1::tsquery) desc limit 5',
        [toTsquery(parseQuery(q, NOW))],
      );
    const m = await measure({ Herald: herald, bare });
    process.stdout.write(
      `postgres: Herald ${figures(m.Herald!)} | bare ts_rank top 5 ${figures(m.bare!)} | p95 ratio ${(m.Herald!.p95 / m.bare!.p95).toFixed(2)}x ${loadAverage()}\n`,
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
if (ONLY !== 'postgres') await benchSqlite();
if (process.env.TEST_DATABASE_URL && ONLY !== 'sqlite') await benchPostgres(process.env.TEST_DATABASE_URL);
