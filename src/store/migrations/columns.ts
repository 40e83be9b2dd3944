import type { ColumnDefinitionBuilder } from 'kysely';

/** The SQL dialects Herald runs on. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * Integer primary keys: `integer primary key autoincrement` is the rowid alias on SQLite; identity columns on
 * PostgreSQL.
 */
export function idColumn(dialect: Dialect) {
  return {
    idType: dialect === 'sqlite' ? ('integer' as const) : ('bigint' as const),
    id: (col: ColumnDefinitionBuilder) =>
      dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity(),
  };
}
