import type { Config } from '../config.js';
import { openMigratedStore } from '../store/open.js';
import { createProgress } from './progress.js';

const BATCH = 1_000;

/**
 * `herald reindex`: rebuilds every search index entry from the stored articles and summaries, with progress on
 * stderr and the total on stdout.
 */
export async function runReindex(config: Config): Promise<number> {
  const { store } = await openMigratedStore(config.DATABASE_URL);
  try {
    const total = await store.search.reset();
    const started = Date.now();
    let done = 0;
    const progress = createProgress('indexed');
    for (;;) {
      const n = await store.search.indexPending(BATCH, Date.now());
      done += n;
      if (n > 0) progress.update(done, total);
      if (n < BATCH) break;
    }
    progress.end();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`reindexed ${done} articles in ${seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
    await store.close();
  }
}
