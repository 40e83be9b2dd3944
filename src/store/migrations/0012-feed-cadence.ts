import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './columns.js';

/**
 * Each feed keeps its observed publishing cadence, from which adaptive polling picks its interval: the typical gap
 * between its new items and when the newest one appeared.
 */
export function feedCadence(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('feeds')
        .addColumn('cadence_seconds', dialect === 'sqlite' ? 'real' : 'double precision')
        .execute();
      await db.schema.alterTable('feeds').addColumn('last_item_at', 'bigint').execute();
    },
  };
}
