import type { Kysely, Migration } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * Feed and topic subscriptions may start a thread on each post (`thread`: `per-article`, its auto-archive in
 * minutes) and publish (crosspost) each post of an announcement channel. A delivery records when its message was
 * published, so the pipeline keeps a channel within Discord's publishes per hour. A forum channel maps topic labels
 * to its tag names.
 */
export function threads(dialect: Dialect): Migration {
  const { idType, id } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['subscriptions', 'topic_subscriptions']) {
        await db.schema.alterTable(table).addColumn('thread', 'text').execute();
        await db.schema.alterTable(table).addColumn('thread_archive_minutes', 'integer').execute();
        await db.schema
          .alterTable(table)
          .addColumn('publish', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
      await db.schema.alterTable('deliveries').addColumn('published_at', 'bigint').execute();
      await db.schema
        .createIndex('deliveries_published_idx')
        .on('deliveries')
        .columns(['channel_id', 'published_at'])
        .execute();
      await db.schema
        .createTable('forum_tag_maps')
        .addColumn('id', idType, id)
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('topic_key', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('forum_tag_maps_topic_uq', ['channel_id', 'topic_key'])
        .execute();
    },
  };
}
