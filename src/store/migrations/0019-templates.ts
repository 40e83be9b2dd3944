import type { Kysely, Migration } from 'kysely';

/**
 * A server's named message templates, and the template a server or subscription chose instead of a preset (null:
 * its preset in `layout`). Stored layouts (`full`, `compact`) are presets still, so no row changes meaning.
 */
export function templates(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('templates')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('templates_pk', ['guild_id', 'name'])
        .execute();
      for (const table of ['guilds', 'subscriptions', 'topic_subscriptions']) {
        await db.schema.alterTable(table).addColumn('template', 'text').execute();
      }
    },
  };
}
