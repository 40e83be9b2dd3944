import type { Kysely, Migration } from 'kysely';

/**
 * A failing feed records how many failures in a row disable it, decided by the kind of its last failure (a 410 at
 * once, a 404 sooner than a timeout), so that `/feed list` can say how close it is.
 */
export function failureLimit(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('feeds').addColumn('failure_limit', 'integer').execute();
    },
  };
}
