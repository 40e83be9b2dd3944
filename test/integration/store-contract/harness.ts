import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPostgresStore } from '../../../src/store/postgres.js';
import type { Database } from '../../../src/store/schema.js';
import { createSqliteStore } from '../../../src/store/sqlite.js';
import type { NewArticle, NewBriefing, NewFeed, Store } from '../../../src/store/store.js';
import { createPgSchema } from '../../support/pg-schema.js';

/** One empty database (not migrated) of the dialect under test. */
export interface TestDatabase {
  /** A new store on this database, with its own connection (SQLite) or pool (PostgreSQL). */
  open(): Store;
  /**
   * `count` stores that may be used at the same time. PostgreSQL: one pool each. SQLite: one store `count` times,
   * because two better-sqlite3 connections in one thread deadlock (the waiting one blocks the thread the holder
   * needs); several processes on one SQLite file are a different matter, checked outside this suite.
   */
  openConcurrent(count: number): Store[];
  /** Direct table access, for states no Store method produces yet (paused subscriptions). */
  tables(): Kysely<Database>;
  dispose(): Promise<void>;
}

export interface Adapter {
  name: string;
  createDatabase(): Promise<TestDatabase>;
}

/** Closes stores and Kysely handles opened by a test database, each once. */
function closer() {
  const open = new Set<{ close(): Promise<void> } | Kysely<Database>>();
  return {
    track<T extends { close(): Promise<void> } | Kysely<Database>>(x: T): T {
      open.add(x);
      return x;
    },
    async closeAll() {
      for (const x of open) await ('destroy' in x ? x.destroy() : x.close());
      open.clear();
    },
  };
}

export const sqliteAdapter: Adapter = {
  name: 'sqlite',
  async createDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
    const path = join(dir, 'nested', 'herald.db');
    const handles = closer();
    return {
      open: () => handles.track(createSqliteStore(path)),
      openConcurrent(count) {
        const store = handles.track(createSqliteStore(path));
        return Array.from({ length: count }, () => store);
      },
      tables: () => handles.track(new Kysely<Database>({ dialect: new SqliteDialect({ database: new Sqlite(path) }) })),
      async dispose() {
        await handles.closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Every database lives in a schema of its own, so parallel runs and tests never see each other's rows. */
export function postgresAdapter(baseUrl: string): Adapter {
  return {
    name: 'postgres',
    async createDatabase() {
      const { url: href, drop } = await createPgSchema(baseUrl);
      const url = new URL(href);
      const handles = closer();
      return {
        open: () => handles.track(createPostgresStore(url.href)),
        openConcurrent: (count) => Array.from({ length: count }, () => handles.track(createPostgresStore(url.href))),
        tables: () =>
          handles.track(
            new Kysely<Database>({
              dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.href, max: 1 }) }),
            }),
          ),
        async dispose() {
          await handles.closeAll();
          await drop();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names a server. */
export function adaptersUnderTest(): Adapter[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqliteAdapter, postgresAdapter(url)] : [sqliteAdapter];
}

export const T0 = 1_700_000_000_000;
export const MINUTE = 60_000;

export function newFeed(url: string, overrides: Partial<NewFeed> = {}): NewFeed {
  return { url, title: null, siteLink: null, language: null, intervalSeconds: 600, nextPollAt: T0, ...overrides };
}

export function newArticle(key: string, overrides: Partial<NewArticle> = {}): NewArticle {
  return {
    key,
    guid: key,
    title: `Title ${key}`,
    link: `https://example.com/${key}`,
    publishedAt: T0,
    author: null,
    imageUrl: null,
    contentText: `Body of ${key}.`,
    categories: [],
    ...overrides,
  };
}

/** An 08:00 daily briefing of all g1's feeds in c1, in the server's zone, first due at T0. */
export function newBriefing(overrides: Partial<NewBriefing> = {}): NewBriefing {
  return {
    guildId: 'g1',
    channelId: 'c1',
    channelType: 0,
    localTime: '08:00',
    days: 127,
    scope: { kind: 'all' },
    language: null,
    style: null,
    timezone: null,
    nextAt: T0,
    periodKey: '2023-11-14',
    ...overrides,
  };
}

/** A migrated store on a fresh database, and the handles to clean it up. */
export interface Fixture {
  db: TestDatabase;
  store: Store;
}

export async function setUp(adapter: Adapter, coverage?: Coverage): Promise<Fixture> {
  const created = await adapter.createDatabase();
  const db = coverage ? coverage.watch(created) : created;
  try {
    const store = db.open();
    await store.migrate();
    return { db, store };
  } catch (error) {
    await db.dispose();
    throw error;
  }
}

/** A feed with one active subscription in `guildId`/`channelId`, so that it can be claimed and fanned out. */
export async function subscribedFeed(store: Store, url: string, guildId = 'g1', channelId = 'c1', nextPollAt = T0) {
  const feed = await store.feeds.upsert(newFeed(url, { nextPollAt }));
  const sub = await store.subscriptions.create({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, T0);
  return { feed, sub };
}

/**
 * Gives each test of the calling `describe` its own migrated database, disposed after the test. With `coverage`,
 * every store the fixture opens records the calls made to the repository it watches.
 */
export function useFixture(adapter: Adapter, coverage?: Coverage): () => Fixture {
  let fixture: Fixture | undefined;
  beforeEach(async () => {
    fixture = await setUp(adapter, coverage);
  });
  afterEach(async () => {
    await fixture?.db.dispose();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('fixture used outside a test');
    return fixture;
  };
}

/** The repositories of a Store: its properties that are not functions. */
export type RepositoryName = {
  [K in keyof Store]: Store[K] extends (...args: never[]) => unknown ? never : K;
}[keyof Store];

/**
 * Which methods of one part of the store a contract called: a repository, or `lifecycle` for the store's own
 * functions (migrate, ping, close). The methods are read off the real object at run time, so a method added
 * without a contract test makes {@link itCalledEveryMethod} fail.
 */
export interface Coverage {
  readonly part: RepositoryName | 'lifecycle';
  /** `db` whose stores record the calls made to the watched part. */
  watch(db: TestDatabase): TestDatabase;
  /** The watched part's methods no test called, sorted; a placeholder when no store was opened at all. */
  uncalled(): string[];
}

export function coverageOf(part: RepositoryName | 'lifecycle'): Coverage {
  const called = new Set<string>();
  let methods: string[] | undefined;
  const methodNames = (target: object) =>
    Object.keys(target)
      .filter((key) => typeof (target as Record<string, unknown>)[key] === 'function')
      .sort();
  /** `target` with each of its own function properties recording its name when called. */
  const recording = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string' || !Object.hasOwn(object, key)) return value;
        return (...args: unknown[]) => {
          called.add(key);
          return value.apply(object, args);
        };
      },
    });
  const wrap = (store: Store): Store => {
    if (part === 'lifecycle') {
      methods ??= methodNames(store);
      return recording(store);
    }
    methods ??= methodNames(store[part]);
    return { ...store, [part]: recording(store[part]) };
  };
  return {
    part,
    watch: (db) => ({
      ...db,
      open: () => wrap(db.open()),
      openConcurrent: (count) => db.openConcurrent(count).map(wrap),
    }),
    uncalled: () => (methods ?? ['(no store was opened)']).filter((name) => !called.has(name)),
  };
}

/**
 * The last test of a contract: fails naming each method of the watched part that no test before it called. Register
 * it after every other test of the `describe`, so that it runs last.
 */
export function itCalledEveryMethod(coverage: Coverage): void {
  it(`called every method of ${coverage.part}`, () => {
    expect(coverage.uncalled()).toEqual([]);
  });
}
