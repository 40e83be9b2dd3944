import type { Migration } from 'kysely';
import { initial } from './0001-initial.js';
import type { Dialect } from './columns.js';

export type { Dialect } from './columns.js';

/**
 * Every migration, by name; names sort in the order they must run. Add a new file and one line here; never edit a
 * migration that has shipped.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
  };
}
