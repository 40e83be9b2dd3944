import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { foldCase, SQLITE_FOLD_FUNCTION } from './kysely/search.js';
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
  return createKyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), 'sqlite');
}
