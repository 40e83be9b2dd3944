import type { Kysely, Migration } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * Subscriptions get a filter (a query with field terms; topic subscriptions have theirs in `query`) and an age
 * cutoff; both kinds get mention rules, a role each with its own optional filter. A delivery records the roles its
 * post mentions, decided when it is created (every matching subscription of its channel contributes).
 */
export function filters(dialect: Dialect): Migration {
  const { idType, id } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('subscriptions').addColumn('filter', 'text').execute();
      await db.schema.alterTable('subscriptions').addColumn('max_age_hours', 'integer').execute();
      await db.schema.alterTable('topic_subscriptions').addColumn('max_age_hours', 'integer').execute();
      await db.schema.alterTable('deliveries').addColumn('mention_role_ids', 'text').execute();
      await db.schema
        .createTable('mention_rules')
        .addColumn('id', idType, id)
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('subscription_id', 'bigint', (c) => c.references('subscriptions.id').onDelete('cascade'))
        .addColumn('topic_subscription_id', 'bigint', (c) => c.references('topic_subscriptions.id').onDelete('cascade'))
        .addColumn('role_id', 'text', (c) => c.notNull())
        .addColumn('filter', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('mention_rules_subscription_idx')
        .on('mention_rules')
        .column('subscription_id')
        .execute();
      await db.schema
        .createIndex('mention_rules_topic_idx')
        .on('mention_rules')
        .column('topic_subscription_id')
        .execute();
    },
  };
}
