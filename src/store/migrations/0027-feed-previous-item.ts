import type { Kysely, Migration } from 'kysely';

/**
 * Each feed keeps when the item before its newest appeared: two items close together mark a burst (a live event),
 * and adaptive polling keeps checking a feed in a burst at least once per target lag.
 */
export function feedPreviousItem(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('feeds').addColumn('previous_item_at', 'bigint').execute();
    },
  };
}
