import type { Config } from '../config.js';
import { redactUrl } from '../log.js';
import { openStore } from '../store/open.js';

/** `herald migrate`: applies pending migrations (start does it too). */
export async function runMigrate(config: Config): Promise<number> {
  const store = openStore(config.DATABASE_URL);
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  process.stdout.write(`migrated ${redactUrl(config.DATABASE_URL ?? 'sqlite:./data/herald.db')}\n`);
  return 0;
}
