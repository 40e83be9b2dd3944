import type { Config } from '../config.js';
import { openStore } from '../store/open.js';

const BATCH = 1_000;

/** `herald reindex`: rebuilds every search index entry from the stored articles and summaries, with progress. */
export async function runReindex(config: Config): Promise<number> {
  const store = openStore(config.DATABASE_URL);
  try {
    await store.migrate();
    const total = await store.resetSearchIndex();
    const started = Date.now();
    let done = 0;
    for (;;) {
      const n = await store.indexPending(BATCH, Date.now());
      done += n;
      if (n > 0) process.stdout.write(`indexed ${done}/${total}\n`);
      if (n < BATCH) break;
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`reindexed ${done} articles in ${seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
    await store.close();
  }
}
