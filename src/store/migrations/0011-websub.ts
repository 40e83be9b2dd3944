import type { Kysely, Migration } from 'kysely';

/**
 * WebSub: one push subscription per feed whose document names a hub. `callback_id` is the opaque last segment of the
 * callback URL the hub calls; `secret` signs the hub's notifications; `due_at` is when the subscription next needs
 * something done (subscribe, renew, give up waiting for a verification, retry after a failure).
 */
export function websub(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('websub_subscriptions')
        .addColumn('feed_id', 'bigint', (c) => c.primaryKey())
        .addColumn('callback_id', 'text', (c) => c.notNull().unique())
        .addColumn('hub_url', 'text', (c) => c.notNull())
        .addColumn('topic_url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint')
        .addColumn('lease_expires_at', 'bigint')
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('websub_subscriptions_due_idx').on('websub_subscriptions').column('due_at').execute();
    },
  };
}
