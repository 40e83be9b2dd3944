import type { Kysely, Migration } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/** Feeds, articles, summaries, guild settings, subscriptions and deliveries, with their unique constraints. */
export function initial(dialect: Dialect): Migration {
  const { id, idType } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('feeds')
        .addColumn('id', idType, id)
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text')
        .addColumn('site_link', 'text')
        .addColumn('language', 'text')
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('body_hash', 'text')
        .addColumn('interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('next_poll_at', 'bigint', (c) => c.notNull())
        .addColumn('last_polled_at', 'bigint')
        .addColumn('last_success_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feeds_next_poll_at_idx').on('feeds').column('next_poll_at').execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', idType, id)
        .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('guid', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('link', 'text')
        .addColumn('published_at', 'bigint')
        .addColumn('author', 'text')
        .addColumn('image_url', 'text')
        .addColumn('content_text', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('story_key', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('articles_feed_item_key_unique', ['feed_id', 'item_key'])
        .execute();
      await db.schema.createIndex('articles_feed_state_idx').on('articles').columns(['feed_id', 'state']).execute();

      await db.schema
        .createTable('summaries')
        .addColumn('id', idType, id)
        .addColumn('story_key', 'text', (c) => c.notNull())
        .addColumn('requested_language', 'text', (c) => c.notNull())
        .addColumn('style', 'text', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('key_points', 'text', (c) => c.notNull())
        .addColumn('topics', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('model', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('summaries_story_language_style_unique', ['story_key', 'requested_language', 'style'])
        .execute();

      await db.schema
        .createTable('guilds')
        .addColumn('guild_id', 'text', (c) => c.primaryKey())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('style', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', idType, id)
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('feed_id', 'bigint', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('mention_role_id', 'text')
        .addColumn('paused_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('subscriptions_guild_channel_feed_unique', ['guild_id', 'channel_id', 'feed_id'])
        .execute();
      await db.schema.createIndex('subscriptions_feed_idx').on('subscriptions').column('feed_id').execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('id', idType, id)
        .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('subscription_id', 'bigint', (c) => c.references('subscriptions.id').onDelete('set null'))
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addUniqueConstraint('deliveries_article_channel_unique', ['article_id', 'channel_id'])
        .execute();
      await db.schema
        .createIndex('deliveries_channel_state_idx')
        .on('deliveries')
        .columns(['channel_id', 'state'])
        .execute();
      await db.schema.createIndex('deliveries_subscription_idx').on('deliveries').column('subscription_id').execute();
    },
  };
}
