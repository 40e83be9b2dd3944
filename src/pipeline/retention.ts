import type { Deps } from '../deps.js';

const DAY_MS = 86_400_000;
/** Rows per delete: each batch is its own short transaction, so posting never waits long for the write lock. */
export const PRUNE_BATCH = 500;
/** A feed's newest articles are kept whatever their age: the feed may still list them, and must not repost them. */
export const KEEP_PER_FEED = 200;

/**
 * Deletes articles stored more than ARTICLE_RETENTION_DAYS ago (0: keep everything), with their index rows and
 * deliveries, in small batches with a pause between them; returns how many. Then indexes any article the index
 * has not caught up with.
 */
export async function runMaintenance(
  deps: Pick<Deps, 'store' | 'now' | 'config' | 'log'>,
  {
    batch = PRUNE_BATCH,
    pauseMs = 50,
    keepPerFeed = KEEP_PER_FEED,
  }: { batch?: number; pauseMs?: number; keepPerFeed?: number } = {},
): Promise<{ pruned: number; indexed: number }> {
  const { store, config } = deps;
  let pruned = 0;
  if (config.ARTICLE_RETENTION_DAYS > 0) {
    const cutoff = deps.now() - config.ARTICLE_RETENTION_DAYS * DAY_MS;
    for (;;) {
      const n = await store.pruneArticles(cutoff, batch, keepPerFeed);
      pruned += n;
      if (n < batch) break;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  let indexed = 0;
  for (;;) {
    const n = await store.indexPending(batch, deps.now());
    indexed += n;
    if (n < batch) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  deps.log.info({ pruned, indexed }, 'maintenance done');
  return { pruned, indexed };
}
