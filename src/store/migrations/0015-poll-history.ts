import type { Kysely, Migration } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * The record of a feed's recent polls (`/feed history`, and `/feed why` for an article never seen): one row per
 * poll, the newest few per feed kept (the repository prunes in the same write).
 */
export function pollHistory(dialect: Dialect): Migration {
  const { idType, id } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('poll_history')
        .addColumn('id', idType, id)
        .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('polled_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('bytes', 'bigint')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('new_items', 'integer', (c) => c.notNull())
        .addColumn('error_kind', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('poll_history_feed_idx').on('poll_history').columns(['feed_id', 'id']).execute();
    },
  };
}
