import type { Config } from '../config.js';
import { redactUrl } from '../log.js';
import { DEFAULT_SQLITE_PATH, openMigratedStore } from '../store/open.js';

/** `herald migrate`: applies pending migrations (start does it too), naming each one applied on stderr. */
export async function runMigrate(config: Config): Promise<number> {
  const { store, applied } = await openMigratedStore(config.DATABASE_URL);
  try {
    for (const name of applied) process.stderr.write(`applied migration ${name}\n`);
    if (applied.length === 0) process.stderr.write('no migration to apply: the schema is up to date\n');
  } finally {
    await store.close();
  }
  process.stdout.write(`migrated ${redactUrl(config.DATABASE_URL ?? `sqlite:${DEFAULT_SQLITE_PATH}`)}\n`);
  return 0;
}
