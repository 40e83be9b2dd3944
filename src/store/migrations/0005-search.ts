import { type Kysely, type Migration, sql } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * Archive search and topic subscriptions: one `article_search` row per indexed article (its language, and on
 * PostgreSQL its `tsvector`), an FTS5 table on SQLite kept in step by a trigger, the indexer's watermark, topic
 * subscriptions and the deliveries they create, and an index for retention.
 */
export function search(dialect: Dialect): Migration {
  const { id, idType } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      let table = db.schema
        .createTable('article_search')
        .addColumn('article_id', 'bigint', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('feed_id', 'bigint', (c) => c.notNull())
        // Publication time, else storage time: what since:/before: and recency read, without a join to articles.
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('indexed_at', 'bigint', (c) => c.notNull());
      if (dialect === 'postgres') table = table.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
      await table.execute();
      if (dialect === 'postgres') {
        await sql`create index article_search_tsv_idx on article_search using gin (tsv)`.execute(db);
      } else {
        // Contentless: the tokens live only in the index; rows are deleted by rowid (= article id). The feed, time
        // and language are kept (UNINDEXED, contentless_unindexed) so scoping and ranking never join the articles table.
        await sql`create virtual table article_fts using fts5(head, body, chars, feed_id unindexed, at unindexed, lang unindexed,
          content='', contentless_delete=1, contentless_unindexed=1,
          tokenize='unicode61 remove_diacritics 0')`.execute(db);
        await sql`create trigger article_search_ad after delete on article_search begin
          delete from article_fts where rowid = old.article_id; end`.execute(db);
      }
      await db.schema
        .createTable('search_state')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('topic_subscriptions')
        .addColumn('id', idType, id)
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('feed_id', 'bigint', (c) => c.references('feeds.id').onDelete('cascade'))
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('mention_role_id', 'text')
        .addColumn('paused_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('topic_subscriptions_guild_idx')
        .on('topic_subscriptions')
        .column('guild_id')
        .execute();
      await db.schema
        .alterTable('deliveries')
        .addColumn('topic_subscription_id', 'bigint', (c) =>
          c.references('topic_subscriptions.id').onDelete('set null'),
        )
        .execute();
      await db.schema
        .createIndex('articles_feed_created_idx')
        .on('articles')
        .columns(['feed_id', 'created_at'])
        .execute();
    },
  };
}
