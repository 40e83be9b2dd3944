import type { Kysely, Migration } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * Briefings (daily digests): what each one posts where and when (its next due instant and the local date that
 * instant belongs to), and the record of each period's posting — one run per (briefing, local date), and each of its
 * messages — which keeps a briefing to one post per period across retries and restarts.
 */
export function briefings(dialect: Dialect): Migration {
  const { idType, id } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('briefings')
        .addColumn('id', idType, id)
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('channel_type', 'integer')
        .addColumn('local_time', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('feed_id', 'bigint', (c) => c.references('feeds.id').onDelete('cascade'))
        .addColumn('query', 'text')
        .addColumn('language', 'text')
        .addColumn('style', 'text')
        .addColumn('timezone', 'text')
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('period_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('briefings_next_at_idx').on('briefings').column('next_at').execute();
      await db.schema.createIndex('briefings_guild_idx').on('briefings').column('guild_id').execute();
      await db.schema
        .createTable('briefing_runs')
        .addColumn('briefing_id', 'bigint', (c) => c.notNull().references('briefings.id').onDelete('cascade'))
        .addColumn('period_key', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('done_at', 'bigint')
        .addPrimaryKeyConstraint('briefing_runs_pk', ['briefing_id', 'period_key'])
        .execute();
      await db.schema
        .createTable('briefing_parts')
        .addColumn('briefing_id', 'bigint', (c) => c.notNull().references('briefings.id').onDelete('cascade'))
        .addColumn('period_key', 'text', (c) => c.notNull())
        .addColumn('part', 'integer', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('briefing_parts_pk', ['briefing_id', 'period_key', 'part'])
        .execute();
    },
  };
}
