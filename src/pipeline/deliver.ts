import type { Deps } from '../deps.js';
import type { ArticleRow, DeliveryRow, GuildPreferences } from '../store/store.js';
import type { Attempt, FeedRef, PublishOutcome } from './ports/publisher.js';
import { guildPreferences } from './settings.js';
import { pauseChannel } from './subscriptions.js';
import { ensureSummary } from './summaries.js';

export interface DeliverResult {
  sent: number;
  failed: number;
  /** True when the channel's oldest pending article is still being summarized; its summarize job will call again. */
  waiting: boolean;
  /** Subscriptions this run paused because the channel became unreachable. */
  paused?: number;
  /** Roundup messages posted for articles past a subscription's hourly cap. */
  roundups?: number;
  /** Filler articles not posted because the server skips filler (`/settings filler:skip`). */
  skipped?: number;
}

/**
 * The destination could not take a post now (an outage, rate limits past the client's retries): the job fails, its
 * queue retries it later, and the delivery stays pending.
 */
export class DestinationUnavailable extends Error {
  override name = 'DestinationUnavailable';
}

const HOUR_MS = 3_600_000;
const ROUNDUP_BATCH = 100;

/**
 * Publishes a channel's pending deliveries, oldest article first, until none is left or the next one is not summarized
 * yet. Must not run twice at once for one channel (the deliver queue deduplicates per channel). Every delivery's first
 * try is recorded before it is published, so that a try after a crash is published idempotently (a nonce, or adoption
 * of what the earlier try published). Past a subscription's hourly cap, its ready articles go out as one roundup. A
 * filler article for a server that skips filler is recorded as skipped instead of published. A lost destination
 * (deleted, hidden, no permission) pauses the channel's subscriptions and the server is told once.
 */
export async function deliverChannel(deps: Deps, channelId: string): Promise<DeliverResult> {
  const { store, publisher } = deps;
  if (!publisher) throw new Error('deliverChannel needs a publisher');
  const result: DeliverResult = { sent: 0, failed: 0, waiting: false };

  for (;;) {
    const next = await store.nextPendingDelivery(channelId);
    if (!next) return result;
    const { delivery, article } = next;
    if (article.state === 'new') return { ...result, waiting: true };
    if (article.state === 'failed') {
      await store.markDeliveryFailed(delivery.id, 'article could not be summarized', deps.now());
      deps.metrics.deliveries.inc({ outcome: 'article_failed' });
      result.failed++;
      continue;
    }

    const prefs = await guildPreferences(deps, delivery.guildId);
    const [feed, subscription, topic] = await Promise.all([
      store.getFeed(article.feedId),
      delivery.subscriptionId === null ? null : store.getSubscription(delivery.subscriptionId),
      delivery.topicSubscriptionId === null ? null : store.getTopicSubscription(delivery.topicSubscriptionId),
    ]);
    const feedRef: FeedRef = {
      id: article.feedId,
      title: feed?.title ?? null,
      url: feed?.url ?? '',
      siteLink: feed?.siteLink ?? null,
    };

    // A delivery is made for one feed subscription or one topic subscription.
    const owner = subscription ?? topic;
    const destination = { guildId: delivery.guildId, channelId, channelType: owner?.channelType ?? null };
    if (await skipFiller(deps, next, prefs, result)) continue;
    let outcome: PublishOutcome;
    if (owner?.maxPerHour && (await overCap(deps, delivery, owner.maxPerHour))) {
      const ready = (await store.pendingDeliveries(channelId, ROUNDUP_BATCH)).filter(
        (p) =>
          p.delivery.subscriptionId === delivery.subscriptionId &&
          p.delivery.topicSubscriptionId === delivery.topicSubscriptionId &&
          p.article.state === 'summarized',
      );
      const batch: typeof ready = [];
      for (const p of ready) if (!(await skipFiller(deps, p, prefs, result))) batch.push(p);
      outcome = await publisher.publishRoundup({
        destination,
        attempt: await beginAttempt(deps, delivery),
        articles: batch.map((p) => p.article),
        feed: feedRef,
        topic: topic?.query ?? null,
        language: prefs.language,
      });
      if (outcome.status === 'delivered') {
        for (const p of batch) await store.markDeliverySent(p.delivery.id, outcome.messageId, deps.now());
        deps.metrics.deliveries.inc({ outcome: 'roundup' }, batch.length);
        result.sent += batch.length;
        result.roundups = (result.roundups ?? 0) + 1;
        continue;
      }
    } else {
      const summary = await ensureSummary(deps, article, prefs.language, prefs.style);
      outcome = await publisher.publishArticle({
        destination,
        attempt: await beginAttempt(deps, delivery),
        article,
        feed: feedRef,
        summary,
        mentionRoleId: subscription?.mentionRoleId ?? topic?.mentionRoleId ?? null,
        layout: prefs.layout,
      });
      if (outcome.status === 'delivered') {
        await store.markDeliverySent(delivery.id, outcome.messageId, deps.now());
        deps.metrics.deliveries.inc({ outcome: 'posted' });
        result.sent++;
        continue;
      }
    }

    if (outcome.status === 'retry-later') {
      // The job retries with backoff; the delivery stays pending.
      deps.metrics.deliveries.inc({ outcome: 'retried' });
      throw new DestinationUnavailable(outcome.detail);
    }
    await store.markDeliveryFailed(delivery.id, `${outcome.status}: ${outcome.detail}`, deps.now());
    deps.metrics.deliveries.inc({ outcome: outcome.status === 'destination-lost' ? 'no_access' : 'rejected' });
    deps.log.warn(
      { channelId, deliveryId: delivery.id, outcome: outcome.status, detail: outcome.detail },
      'delivery failed',
    );
    result.failed++;
    // The channel is gone or unreachable: every later post would fail the same way, so stop and tell the server.
    if (outcome.status === 'destination-lost') {
      const { paused } = await pauseChannel(deps, channelId, outcome.reason);
      return { ...result, paused };
    }
  }
}

/**
 * Records the first try of a delivery before it is published, so that a try after a crash knows that an earlier one
 * began, and when.
 */
async function beginAttempt(deps: Deps, delivery: DeliveryRow): Promise<Attempt> {
  if (delivery.attemptedAt === null) await deps.store.markDeliveryAttempt(delivery.id, deps.now());
  return { deliveryId: delivery.id, earlierAttemptAt: delivery.attemptedAt };
}

/**
 * True when the article is filler and the server skips filler; the delivery is then recorded as skipped (never
 * posted, never counted as sent). Reads the summary the summarize stage made for the server's language and style.
 */
async function skipFiller(
  deps: Deps,
  { delivery, article }: { delivery: DeliveryRow; article: ArticleRow },
  prefs: GuildPreferences,
  result: DeliverResult,
): Promise<boolean> {
  if (prefs.filler !== 'skip') return false;
  const summary = await ensureSummary(deps, article, prefs.language, prefs.style);
  if (summary.kind !== 'filler') return false;
  await deps.store.markDeliverySkipped(delivery.id, 'filler', deps.now());
  deps.metrics.deliveries.inc({ outcome: 'skipped' });
  result.skipped = (result.skipped ?? 0) + 1;
  return true;
}

/** Whether the delivery's feed or topic subscription has posted `max` times in the last hour. */
async function overCap(deps: Deps, delivery: DeliveryRow, max: number): Promise<boolean> {
  const owner =
    delivery.subscriptionId !== null
      ? { subscriptionId: delivery.subscriptionId }
      : { topicSubscriptionId: delivery.topicSubscriptionId ?? 0 };
  return (await deps.store.countSentSince(owner, deps.now() - HOUR_MS)) >= max;
}
