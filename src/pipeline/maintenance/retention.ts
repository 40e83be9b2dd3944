import type { Deps } from '../../deps.js';

const DAY_MS = 86_400_000;
/** Rows per delete: each batch is its own short transaction, so posting never waits long for the write lock. */
export const PRUNE_BATCH = 500;
/** A feed's newest articles are kept whatever their age: the feed may still list them, and must not repost them. */
export const KEEP_PER_FEED = 200;
/** A briefing's period record (what it said, its messages) is kept this long: past it, no retry can come. */
export const BRIEFING_RUN_DAYS = 30;

/**
 * Deletes articles stored more than ARTICLE_RETENTION_DAYS ago (0: keep everything), with their index rows and
 * deliveries, then the summaries and stories (with their LSH bands) older than that which no remaining article uses;
 * in small batches with a pause between them; and briefings' period records older than BRIEFING_RUN_DAYS. Then
 * indexes any article the index has not caught up with. Returns how many articles, summaries and stories, and
 * briefing records it deleted, and how many articles it indexed.
 */
export async function runMaintenance(
  deps: Pick<Deps, 'store' | 'now' | 'config' | 'log'>,
  {
    batch = PRUNE_BATCH,
    pauseMs = 50,
    keepPerFeed = KEEP_PER_FEED,
  }: { batch?: number; pauseMs?: number; keepPerFeed?: number } = {},
): Promise<{ pruned: number; orphans: number; briefingRuns: number; indexed: number }> {
  const { store, config } = deps;
  /** Runs `step` until a batch comes back short, pausing between batches; returns the sum. */
  const inBatches = async (step: () => Promise<number>): Promise<number> => {
    let sum = 0;
    for (;;) {
      const n = await step();
      sum += n;
      if (n < batch) return sum;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  let pruned = 0;
  let orphans = 0;
  if (config.ARTICLE_RETENTION_DAYS > 0) {
    const cutoff = deps.now() - config.ARTICLE_RETENTION_DAYS * DAY_MS;
    pruned = await inBatches(() => store.retention.pruneArticles(cutoff, batch, keepPerFeed));
    orphans = await inBatches(() => store.retention.pruneOrphanStories(cutoff, batch));
  }
  const runsBefore = deps.now() - BRIEFING_RUN_DAYS * DAY_MS;
  const briefingRuns = await inBatches(() => store.briefings.pruneRuns(runsBefore, batch));
  const indexed = await inBatches(() => store.search.indexPending(batch, deps.now()));
  deps.log.info({ pruned, orphans, briefingRuns, indexed }, 'maintenance done');
  return { pruned, orphans, briefingRuns, indexed };
}
