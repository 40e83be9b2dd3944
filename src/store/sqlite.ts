import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';
import { foldCase, SQLITE_FOLD_FUNCTION } from './kysely/search-fold.js';
import { createKyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

/** How long a write waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** The store on a SQLite file (created with its directory if missing), or in memory for `:memory:`. */
export function createSqliteStore(path: string): Store {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const database = new Sqlite(path);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!inMemory) database.pragma('journal_mode = WAL');
  // WAL makes NORMAL durable enough: a power cut may lose the last commits but never corrupts the file.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.function(SQLITE_FOLD_FUNCTION, { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? foldCase(text) : text,
  );
  return createKyselyStore(
    new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }),
    'sqlite',
  );
}

/** Compiled statements kept per connection; past this many distinct SQL texts the cache starts over. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely prepares every query anew, and compiling the SQL is most of the cost of a small query on better-sqlite3;
 * the same few hundred statements run all day, so they are compiled once. Safe because better-sqlite3 is synchronous
 * and Herald never streams results (a statement is never in use twice at once).
 */
function withStatementCache(database: Sqlite.Database): SqliteDatabase {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = database.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
