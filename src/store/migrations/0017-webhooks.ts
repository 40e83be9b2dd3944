import type { Kysely, Migration } from 'kysely';

/**
 * Posting under another name: a feed or topic subscription may post through its channel's webhook, under the feed's
 * name and icon or a name and avatar of its own. `webhooks` keeps the one webhook Herald made in each channel.
 */
export function webhooks(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['subscriptions', 'topic_subscriptions']) {
        await db.schema
          .alterTable(table)
          .addColumn('webhook', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable(table).addColumn('webhook_name', 'text').execute();
        await db.schema.alterTable(table).addColumn('webhook_avatar', 'text').execute();
      }
      await db.schema
        .createTable('webhooks')
        .addColumn('channel_id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
