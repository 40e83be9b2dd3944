import type { Kysely, Migration } from 'kysely';

/**
 * Discord experience: why a subscription was paused, its hourly cap and its channel's type (forums get threads); a guild's post layout and time zone.
 * Defaults keep existing rows behaving as before (full layout, UTC, no cap).
 */
export function discord(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('subscriptions').addColumn('paused_reason', 'text').execute();
      await db.schema.alterTable('subscriptions').addColumn('max_per_hour', 'integer').execute();
      await db.schema.alterTable('subscriptions').addColumn('channel_type', 'integer').execute();
      await db.schema
        .alterTable('guilds')
        .addColumn('layout', 'text', (c) => c.notNull().defaultTo('full'))
        .execute();
      await db.schema
        .alterTable('guilds')
        .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
        .execute();
      await db.schema.createIndex('subscriptions_channel_idx').on('subscriptions').column('channel_id').execute();
    },
  };
}
