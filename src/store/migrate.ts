import { type Kysely, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely';
import { type Dialect, migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type { Dialect } from './migrations/index.js';

function provider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}

/**
 * SQLSTATEs of a schema, table or column dropped or renamed (another schema's migration) while Kysely's introspection
 * was scanning the whole catalog: 3F000 invalid schema, 42P01 undefined table, 42703 undefined column (seen from
 * `pg_get_serial_sequence` when two test files migrated side by side).
 */
const VANISHED_SQLSTATES = new Set(['3F000', '42P01', '42703']);
const SETUP_ATTEMPTS = 5;

/**
 * Brings the schema up to date and returns the names of the migrations applied, in order; none when it already was.
 *
 * PostgreSQL: Kysely's Migrator holds a session advisory lock around a transaction, so concurrent starts serialize
 * and the later ones find nothing to do. Its bookkeeping tables are pinned to `current_schema()` because without a
 * schema Kysely looks for them in every schema of the database, and would skip creating them in ours if another
 * schema (say a parallel test run) already had them. Before taking its lock, Kysely lists the tables of every schema;
 * a schema, table or column dropped meanwhile by someone else fails that query, so the setup is retried in that case.
 *
 * SQLite: Kysely's lock is a no-op there (it assumes one process) and DDL is not wrapped in a transaction, so the
 * whole run happens inside `BEGIN IMMEDIATE`: a second process waits on the write lock (busy_timeout) and then sees
 * the migrations recorded.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('PostgreSQL has no current schema: check search_path');
    for (let attempt = 1; ; attempt++) {
      const result = await new Migrator({
        db,
        provider: provider(dialect),
        migrationTableSchema: schema,
      }).migrateToLatest();
      const inSetup = result.results === undefined;
      if (inSetup && attempt < SETUP_ATTEMPTS && VANISHED_SQLSTATES.has(sqlState(result.error) ?? '')) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        continue;
      }
      return check(result);
    }
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const applied = check(await new Migrator({ db: conn, provider: provider(dialect) }).migrateToLatest());
      await sql`commit`.execute(conn);
      return applied;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** The names of the migrations applied; throws the failure when there is one. */
function check({ error, results }: MigrationResultSet): string[] {
  if (error === undefined) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(`database migration ${failed} failed: ${reason}`, { cause: error });
}
