import type { Kysely, Migration } from 'kysely';

/**
 * Topic subscriptions get what feed subscriptions have: an hourly cap and their channel's type (forums get one post
 * per article). Deliveries get the time of the first attempt to start a forum post, which Discord takes without a
 * nonce: a retry that finds one looks for the post among the guild’s active threads before starting another.
 */
export function topicCap(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('topic_subscriptions').addColumn('max_per_hour', 'integer').execute();
      await db.schema.alterTable('topic_subscriptions').addColumn('channel_type', 'integer').execute();
      await db.schema.alterTable('deliveries').addColumn('attempted_at', 'bigint').execute();
    },
  };
}
