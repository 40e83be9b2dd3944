import { type Kysely, type Migration, sql } from 'kysely';
import { type Dialect, idColumn } from './columns.js';

/**
 * Summaries worth reading: the summary cache key gains `variant` (model and prompt version), stories get near-duplicate
 * signatures with LSH bands, a claim table makes one process at a time summarize a story, and LLM usage, summary
 * events and `/summarize` requests are counted.
 */
export function summaries(dialect: Dialect): Migration {
  const { id, idType } = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('summaries')
        .addColumn('variant', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      if (dialect === 'postgres') {
        await sql`alter table summaries drop constraint summaries_story_language_style_unique`.execute(db);
      } else {
        // SQLite cannot drop a table constraint: rebuild the table without it, keeping ids.
        await sql`create table summaries_new (
          id integer primary key autoincrement, story_key text not null, requested_language text not null,
          style text not null, headline text not null, summary text not null, key_points text not null,
          topics text not null, language text not null, source text not null, model text,
          created_at bigint not null, variant text not null default '')`.execute(db);
        await sql`insert into summaries_new select id, story_key, requested_language, style, headline, summary,
          key_points, topics, language, source, model, created_at, variant from summaries`.execute(db);
        await sql`drop table summaries`.execute(db);
        await sql`alter table summaries_new rename to summaries`.execute(db);
      }
      await db.schema
        .createIndex('summaries_cache_key_unique')
        .on('summaries')
        .columns(['story_key', 'requested_language', 'style', 'variant'])
        .unique()
        .execute();

      await db.schema
        .createTable('stories')
        .addColumn('story_key', 'text', (c) => c.primaryKey())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('story_bands')
        .addColumn('band', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('story_key', 'text', (c) => c.notNull().references('stories.story_key').onDelete('cascade'))
        .addPrimaryKeyConstraint('story_bands_pk', ['band', 'hash', 'story_key'])
        .execute();

      await db.schema
        .createTable('summary_claims')
        .addColumn('cache_key', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('llm_usage')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
        .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('llm_usage_pk', ['day', 'model'])
        .execute();
      await db.schema
        .createTable('summary_events')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('summary_events_pk', ['day', 'kind'])
        .execute();

      await db.schema
        .createTable('summarize_requests')
        .addColumn('id', idType, id)
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('summarize_requests_user_idx')
        .on('summarize_requests')
        .columns(['user_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('summarize_requests_guild_idx')
        .on('summarize_requests')
        .columns(['guild_id', 'created_at'])
        .execute();
    },
  };
}
