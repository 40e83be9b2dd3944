import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from '../unavailable.js';
import { createKyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

const INT8_OID = 20;

/**
 * Type parsers of this pool only: `bigint` (ids, epoch-ms times, counts) comes back as a JS number instead of a
 * string. Safe because ids and times stay far below 2^53. The global `pg.types` is left alone for other users of pg.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format),
};

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * Called when an idle pooled connection fails (e.g. the server restarted); the pool drops it and reconnects on
   * demand. Without it, pg rethrows the error and the process exits.
   */
  onIdleError?: (error: Error) => void;
}

/** The store on a PostgreSQL database; `url` may carry settings such as `options=-c search_path=…`. */
export function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Store {
  const pool = new pg.Pool({ connectionString: url, types });
  if (options.onIdleError) pool.on('error', options.onIdleError);
  // A connection that fails while checked out (during a query, or between the statements of a transaction) emits
  // 'error' too, and pg-pool only listens while it is idle: unheard, that error would crash the process when the
  // database restarts. The failure reaches the caller through its query, and the pool drops the connection on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return createKyselyStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

/**
 * Connects once, on a client of its own, giving up after `timeoutMs`: the pool waits for a connection without limit,
 * which rides out a database restart but would leave a start against a server that never answers hanging.
 */
export async function probePostgres(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    // pg's own words for it are "timeout expired".
    throw /timeout/i.test((err as Error).message) ? new Error(`no answer within ${timeoutMs / 1000} s`) : err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
