import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UnavailableError, unavailable } from '../unavailable.js';
import { createPostgresStore, type PostgresStoreOptions, probePostgres } from './postgres.js';
import { createSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** Where the database lives when `DATABASE_URL` is unset. */
export const DEFAULT_SQLITE_PATH = './data/herald.db';

/**
 * Opens the store named by `DATABASE_URL`: unset or empty → SQLite at `./data/herald.db` (the directory is created);
 * `sqlite:<path>` → SQLite at that path, in a directory that must exist (`sqlite::memory:` for an in-memory
 * database); `postgres://…` or `postgresql://…` → PostgreSQL, with `options`. Nothing is connected yet: see
 * {@link openMigratedStore}.
 * @throws UnavailableError naming DATABASE_URL when an explicit SQLite path's directory is missing
 */
export function openStore(databaseUrl: string | undefined, options: PostgresStoreOptions = {}): Store {
  if (databaseUrl === undefined || databaseUrl === '') return createSqliteStore(DEFAULT_SQLITE_PATH);
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === '') throw new Error('DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/herald.db');
    // A typo in an explicit path would otherwise create a fresh, empty database somewhere unexpected.
    const dir = dirname(path);
    if (path !== ':memory:' && resolve(path) !== resolve(DEFAULT_SQLITE_PATH) && !existsSync(dir)) {
      throw new UnavailableError(
        `cannot open the database at ${databaseUrl} (DATABASE_URL): the directory ${dir} does not exist (create it first; only the default ./data is created)`,
      );
    }
    return createSqliteStore(path);
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return createPostgresStore(databaseUrl, options);
  throw new Error(
    'DATABASE_URL must be unset (SQLite at ./data/herald.db), sqlite:<path>, or postgres://… / postgresql://…',
  );
}

/**
 * Opens the store and applies pending migrations, the first use of the connection. Any failure — a refused port, a
 * wrong role or password, a missing database or directory, no answer within 10 s — is one line naming DATABASE_URL
 * and the password-free URL. Returns the store and the names of the migrations applied.
 * @throws UnavailableError
 */
export async function openMigratedStore(
  databaseUrl: string | undefined,
  options: PostgresStoreOptions = {},
): Promise<{ store: Store; applied: string[] }> {
  const url = databaseUrl || `sqlite:${DEFAULT_SQLITE_PATH}`;
  let store: Store;
  try {
    store = openStore(databaseUrl, options);
  } catch (err) {
    throw unavailable('open the database', 'DATABASE_URL', url, err);
  }
  try {
    if (/^postgres(ql)?:\/\//.test(url)) await probePostgres(url);
    return { store, applied: await store.migrate() };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw unavailable('open the database', 'DATABASE_URL', url, err);
  }
}
