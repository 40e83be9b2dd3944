import { z } from 'zod';
import { scheduleBriefings } from '../src/pipeline/briefings/briefings.js';
import { maintainWebSub } from '../src/pipeline/websub/subscriptions.js';
import type { WorkerDef } from '../src/queue/worker-def.js';

/** An article still `new` this long after it was stored lost its summarize job (a poll job normally enqueues it). */
const STALE_NEW_MS = 2 * 60_000;

export default {
  queue: 'tick',
  schema: z.unknown(),
  concurrency: 1,
  async process(_data, { deps, queues, log }) {
    const now = deps.now();
    // A claimed feed is due again after the shortest poll interval if its poll never finishes (a crash, a database
    // error): the poll job's deduplication id keeps that from ever running two polls of one feed at once.
    const lease = deps.config.FEED_POLL_MIN_INTERVAL_SECONDS * 1000;
    const due = await deps.store.feeds.claimDue(now, now + lease, 5_000);
    if (due.length > 0) {
      await queues.enqueuePolls(due.map((f) => f.id));
      log.debug({ feeds: due.length }, 'polls enqueued');
    }
    // Pending deliveries no summarize job will announce (backfills, runs a crash or an outage cut short); the deliver
    // queue's per-channel deduplication makes asking twice harmless.
    const ready = await deps.store.deliveries.readyChannels(1_000);
    if (ready.length > 0) await queues.enqueueDeliver(ready);
    // Articles a crash left between storing and summarizing; the summarize queue's deduplication id keeps one job each.
    const stale = await deps.store.articles.staleNew(now - STALE_NEW_MS, 1_000);
    if (stale.length > 0) await queues.enqueueSummarize(stale);
    // Briefings whose time has come: each period's post is enqueued once and the briefing moves on.
    const briefings = await scheduleBriefings(deps, (jobs) => queues.enqueueBriefings(jobs));
    if (briefings.length > 0) log.info({ briefings: briefings.length }, 'briefings enqueued');
    // WebSub: subscribe, renew, unsubscribe, or fall back to polling (bounded per run; nothing without PUBLIC_URL).
    const websub = await maintainWebSub(deps);
    if (websub.subscribed + websub.unsubscribed + websub.failed > 0)
      log.info(websub, 'websub subscriptions maintained');
  },
} satisfies WorkerDef<unknown>;
