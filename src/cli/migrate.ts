import type { Config } from '../config.js';
import { redactUrl } from '../log.js';
import { openStore } from '../store/open.js';

/** `herald migrate`: applies pending migrations (start does it too), naming each one applied on stderr. */
export async function runMigrate(config: Config): Promise<number> {
  const store = openStore(config.DATABASE_URL);
  try {
    const applied = await store.migrate();
    for (const name of applied) process.stderr.write(`applied migration ${name}\n`);
    if (applied.length === 0) process.stderr.write('no migration to apply: the schema is up to date\n');
  } finally {
    await store.close();
  }
  process.stdout.write(`migrated ${redactUrl(config.DATABASE_URL ?? 'sqlite:./data/herald.db')}\n`);
  return 0;
}
