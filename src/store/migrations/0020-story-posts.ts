import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * One post per story per channel: the post's record (one per channel and story, the later copies merged into it),
 * the settings that turn it on per subscription and per server, and each subscription's breaking-alert rule.
 * Subscriptions made before this migration keep posting every copy (their setting is stored as off); new ones take
 * their server's setting, on unless the server turned it off.
 */
export function storyPosts(dialect: Dialect): Migration {
  const { idType, id } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('story_posts')
        .addColumn('id', idType, id)
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('story_key', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('alerted_at', 'bigint')
        .addColumn('alert_message_id', 'text')
        .addUniqueConstraint('story_posts_channel_story_key', ['channel_id', 'story_key'])
        .execute();
      await db.schema
        .createTable('story_post_articles')
        .addColumn('story_post_id', 'bigint', (c) => c.notNull().references('story_posts.id').onDelete('cascade'))
        .addColumn('article_id', 'bigint', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('story_post_articles_pk', ['story_post_id', 'article_id'])
        .execute();
      await db.schema
        .createTable('subscription_story_settings')
        .addColumn('subscription_id', 'bigint', (c) =>
          c.primaryKey().references('subscriptions.id').onDelete('cascade'),
        )
        .addColumn('per_story', 'integer')
        .addColumn('alert_role_id', 'text')
        .addColumn('alert_outlets', 'integer')
        .addColumn('alert_minutes', 'integer')
        .execute();
      await db.schema
        .createTable('guild_story_settings')
        .addColumn('guild_id', 'text', (c) => c.primaryKey())
        .addColumn('per_story', 'integer', (c) => c.notNull())
        .addColumn('window_hours', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into subscription_story_settings (subscription_id, per_story) select id, 0 from subscriptions`.execute(
        db,
      );
    },
  };
}
