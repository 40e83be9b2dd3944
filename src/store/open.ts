import { createPostgresStore, type PostgresStoreOptions } from './postgres.js';
import { createSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** Where the database lives when `DATABASE_URL` is unset. */
export const DEFAULT_SQLITE_PATH = './data/herald.db';

/**
 * Opens the store named by `DATABASE_URL`: unset or empty → SQLite at `./data/herald.db`; `sqlite:<path>` → SQLite
 * at that path (`sqlite::memory:` for an in-memory database); `postgres://…` or `postgresql://…` → PostgreSQL, with
 * `options`.
 */
export function openStore(databaseUrl: string | undefined, options: PostgresStoreOptions = {}): Store {
  if (databaseUrl === undefined || databaseUrl === '') return createSqliteStore(DEFAULT_SQLITE_PATH);
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === '') throw new Error('DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/herald.db');
    return createSqliteStore(path);
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return createPostgresStore(databaseUrl, options);
  throw new Error(
    'DATABASE_URL must be unset (SQLite at ./data/herald.db), sqlite:<path>, or postgres://… / postgresql://…',
  );
}
