import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  sql,
} from 'kysely';
import type { Database } from './schema.js';

/** The SQL dialects Herald runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** Migrations in code, keyed by name; names sort in the order they must run. Never edit one that has shipped. */
function migrations(dialect: Dialect): Record<string, Migration> {
  // Integer ids: `integer primary key autoincrement` is the rowid alias on SQLite; identity columns on PostgreSQL.
  const id = (col: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity();
  const idType = dialect === 'sqlite' ? 'integer' : 'bigint';

  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('feeds')
          .addColumn('id', idType, id)
          .addColumn('url', 'text', (c) => c.notNull().unique())
          .addColumn('title', 'text')
          .addColumn('site_link', 'text')
          .addColumn('language', 'text')
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('body_hash', 'text')
          .addColumn('interval_seconds', 'integer', (c) => c.notNull())
          .addColumn('next_poll_at', 'bigint', (c) => c.notNull())
          .addColumn('last_polled_at', 'bigint')
          .addColumn('last_success_at', 'bigint')
          .addColumn('last_error', 'text')
          .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('disabled_at', 'bigint')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('feeds_next_poll_at_idx').on('feeds').column('next_poll_at').execute();

        await db.schema
          .createTable('articles')
          .addColumn('id', idType, id)
          .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
          .addColumn('item_key', 'text', (c) => c.notNull())
          .addColumn('guid', 'text')
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('link', 'text')
          .addColumn('published_at', 'bigint')
          .addColumn('author', 'text')
          .addColumn('image_url', 'text')
          .addColumn('content_text', 'text', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('story_key', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('articles_feed_item_key_unique', ['feed_id', 'item_key'])
          .execute();
        await db.schema.createIndex('articles_feed_state_idx').on('articles').columns(['feed_id', 'state']).execute();

        await db.schema
          .createTable('summaries')
          .addColumn('id', idType, id)
          .addColumn('story_key', 'text', (c) => c.notNull())
          .addColumn('requested_language', 'text', (c) => c.notNull())
          .addColumn('style', 'text', (c) => c.notNull())
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('key_points', 'text', (c) => c.notNull())
          .addColumn('topics', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('model', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('summaries_story_language_style_unique', ['story_key', 'requested_language', 'style'])
          .execute();

        await db.schema
          .createTable('guilds')
          .addColumn('guild_id', 'text', (c) => c.primaryKey())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('style', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('subscriptions')
          .addColumn('id', idType, id)
          .addColumn('guild_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
          .addColumn('mention_role_id', 'text')
          .addColumn('paused_at', 'bigint')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('subscriptions_guild_channel_feed_unique', ['guild_id', 'channel_id', 'feed_id'])
          .execute();
        await db.schema.createIndex('subscriptions_feed_idx').on('subscriptions').column('feed_id').execute();

        await db.schema
          .createTable('deliveries')
          .addColumn('id', idType, id)
          .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('subscription_id', 'bigint', (c) => c.references('subscriptions.id').onDelete('set null'))
          .addColumn('guild_id', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text')
          .addColumn('error', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('sent_at', 'bigint')
          .addUniqueConstraint('deliveries_article_channel_unique', ['article_id', 'channel_id'])
          .execute();
        await db.schema
          .createIndex('deliveries_channel_state_idx')
          .on('deliveries')
          .columns(['channel_id', 'state'])
          .execute();
        await db.schema.createIndex('deliveries_subscription_idx').on('deliveries').column('subscription_id').execute();
      },
    },
  };
}

function provider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}

/** SQLSTATEs of a schema or table dropped while Kysely's introspection was scanning the whole catalog. */
const VANISHED_SQLSTATES = new Set(['3F000', '42P01']);
const SETUP_ATTEMPTS = 5;

/**
 * Brings the schema up to date; a no-op when it already is.
 *
 * PostgreSQL: Kysely's Migrator holds a session advisory lock around a transaction, so concurrent starts serialize
 * and the later ones find nothing to do. Its bookkeeping tables are pinned to `current_schema()` because without a
 * schema Kysely looks for them in every schema of the database, and would skip creating them in ours if another
 * schema (say a parallel test run) already had them. Before taking its lock, Kysely lists the tables of every schema;
 * a schema dropped meanwhile by someone else fails that query, so the setup is retried in that one case.
 *
 * SQLite: Kysely's lock is a no-op there (it assumes one process) and DDL is not wrapped in a transaction, so the
 * whole run happens inside `BEGIN IMMEDIATE`: a second process waits on the write lock (busy_timeout) and then sees
 * the migrations recorded.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
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
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      check(await new Migrator({ db: conn, provider: provider(dialect) }).migrateToLatest());
      await sql`commit`.execute(conn);
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

function check({ error, results }: MigrationResultSet): void {
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(`database migration ${failed} failed: ${reason}`, { cause: error });
}
