import type { Kysely, Migration } from 'kysely';

/**
 * Topics from a closed list, named entities and news/filler: a summary's named entities (JSON array) and
 * kind, and a guild's choice to post or skip filler. Defaults keep existing rows as they were: no entities, `news`,
 * filler posted.
 */
export function summaryEntities(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('summaries')
        .addColumn('entities', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .alterTable('summaries')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('news'))
        .execute();
      await db.schema
        .alterTable('guilds')
        .addColumn('filler', 'text', (c) => c.notNull().defaultTo('post'))
        .execute();
    },
  };
}
