import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../migrate.js';
import type { Database } from '../schema.js';

/** What every area of the Kysely store is built from. */
export interface StoreContext {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Runs `fn` in a write transaction and commits, or rolls back and rethrows. */
  write<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/** Builds the context; SQLite write transactions are `BEGIN IMMEDIATE`, PostgreSQL ones the default read committed. */
export function storeContext(db: Kysely<Database>, dialect: Dialect): StoreContext {
  if (dialect === 'postgres') {
    return { db, dialect, write: (fn) => db.transaction().execute(fn) };
  }
  return {
    db,
    dialect,
    // A deferred BEGIN that reads and then writes fails at once with SQLITE_BUSY when another process wrote in
    // between; IMMEDIATE takes the write lock up front, so busy_timeout applies instead.
    write: (fn) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn);
          throw error;
        }
      }),
  };
}
