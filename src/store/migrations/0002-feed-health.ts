import type { Kysely, Migration } from 'kysely';

/**
 * Feed ingestion: a per-feed interval override, the minimum interval the feed itself declares (`<ttl>`,
 * `sy:updatePeriod`), the kind of the last failure, and the record of "this feed was disabled" notices, one per
 * (feed, disabling, channel), so a notice is never sent twice.
 */
export function feedHealth(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('feeds').addColumn('interval_override_seconds', 'integer').execute();
      await db.schema.alterTable('feeds').addColumn('declared_min_interval_seconds', 'integer').execute();
      await db.schema.alterTable('feeds').addColumn('last_error_kind', 'text').execute();
      await db.schema
        .createTable('feed_disable_notices')
        .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('disabled_at', 'bigint', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_disable_notices_pk', ['feed_id', 'disabled_at', 'channel_id'])
        .execute();
      // Recognizing an item whose guid changed by its link (see `matchExistingArticles`).
      await db.schema.createIndex('articles_feed_link_idx').on('articles').columns(['feed_id', 'link']).execute();
      // Finding articles left in state `new` by a crash (`staleNewArticles`, on every tick).
      await db.schema
        .createIndex('articles_state_created_idx')
        .on('articles')
        .columns(['state', 'created_at'])
        .execute();
      // Finding the few pending deliveries among the many sent ones (`readyDeliveryChannels`, on every poll).
      await db.schema
        .createIndex('deliveries_state_article_idx')
        .on('deliveries')
        .columns(['state', 'article_id'])
        .execute();
    },
  };
}
