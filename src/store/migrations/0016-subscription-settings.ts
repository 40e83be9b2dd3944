import type { Kysely, Migration } from 'kysely';

/**
 * Feed and topic subscriptions get their own summary language, style and post layout; null keeps the server's
 * setting.
 */
export function subscriptionSettings(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['subscriptions', 'topic_subscriptions']) {
        await db.schema.alterTable(table).addColumn('language', 'text').execute();
        await db.schema.alterTable(table).addColumn('style', 'text').execute();
        await db.schema.alterTable(table).addColumn('layout', 'text').execute();
      }
    },
  };
}
