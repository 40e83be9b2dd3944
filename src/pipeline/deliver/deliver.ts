import type { Deps } from '../../deps.js';
import type { Attempt, FeedRef, PublishOutcome } from '../../ports/publisher.js';
import type { DeliveryRow, GuildSettings, SummaryRow } from '../../store/store.js';
import { findSummary } from '../summarize/summaries.js';
import { deliverySettings, effectiveSettings, guildSettings } from '../use-cases/settings.js';
import { pauseChannel } from './lost-destinations.js';
import { postOptions, templateSource } from './post-options.js';
import { afterStoryPost, placeInStory } from './story-posts.js';

export interface DeliverResult {
  sent: number;
  failed: number;
  /**
   * True when the channel's oldest pending article is not summarized yet for its server: its summarize job calls again
   * when it is.
   */
  waiting: boolean;
  /**
   * Articles the channel waits for whose summary in its subscription's language and style (else its server's) nobody
   * is making yet (a backfill, a language changed since): the caller asks the summarize stage for them.
   */
  summarize?: number[];
  /** Subscriptions this run paused because the channel became unreachable. */
  paused?: number;
  /** Roundup messages posted for articles past a subscription's hourly cap. */
  roundups?: number;
  /** Filler articles not posted because the server skips filler (`/settings filler:skip`). */
  skipped?: number;
  /** Copies of a story added to the story's post in the channel instead of posted (one post per story). */
  merged?: number;
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
/** Pending deliveries looked at for missing summaries when the oldest has none (a backfill is at most 10). */
const SUMMARY_BATCH = 25;

/**
 * Publishes a channel's pending deliveries, oldest article first, until none is left or the next one's summary is not
 * made yet; it reads summaries and never makes one. Must not run twice at once for one channel (the deliver queue
 * deduplicates per channel). Every delivery's first try is recorded before it is published, so that a try after a
 * crash is published idempotently (a nonce, or adoption of what the earlier try published). Past a subscription's
 * hourly cap, or past its announcement channel's publishes per hour when it publishes, its ready articles go out as
 * one roundup (published only while the channel has publishes left). A filler article for a server that skips
 * filler is recorded as skipped instead of published. A lost destination (deleted, hidden, no permission, a locked
 * thread) pauses the channel's subscriptions and the server is told once.
 */
export async function deliverChannel(deps: Deps, channelId: string): Promise<DeliverResult> {
  const { store, publisher } = deps;
  if (!publisher) throw new Error('deliverChannel needs a publisher');
  const result: DeliverResult = { sent: 0, failed: 0, waiting: false };

  for (;;) {
    const next = await store.deliveries.nextPending(channelId);
    if (!next) return result;
    const { delivery, article } = next;
    if (article.state === 'new') return { ...result, waiting: true };
    if (article.state === 'failed') {
      await store.deliveries.markFailed(delivery.id, 'article could not be summarized');
      deps.metrics.deliveries.inc({ outcome: 'article_failed' });
      result.failed++;
      continue;
    }

    const [feed, subscription, topic] = await Promise.all([
      store.feeds.get(article.feedId),
      delivery.subscriptionId === null ? null : store.subscriptions.get(delivery.subscriptionId),
      delivery.topicSubscriptionId === null ? null : store.topics.get(delivery.topicSubscriptionId),
    ]);
    // The subscription's own language, style and layout, else its server's.
    const prefs = effectiveSettings(await guildSettings(deps, delivery.guildId), subscription ?? topic);
    const summary = await findSummary(deps, article, prefs.language, prefs.style);
    if (!summary) return { ...result, waiting: true, summarize: await unsummarized(deps, channelId) };
    const feedRef: FeedRef = {
      id: article.feedId,
      title: feed?.title ?? null,
      url: feed?.url ?? '',
      siteLink: feed?.siteLink ?? null,
    };

    // A delivery is made for one feed subscription or one topic subscription.
    const owner = subscription ?? topic;
    const destination = { guildId: delivery.guildId, channelId, channelType: owner?.channelType ?? null };
    if (await skipFiller(deps, delivery, summary, prefs, result)) continue;
    // A thread on the post, publishing (within the channel's publishes per hour) and forum tags.
    const { extras, publishSpent } = await postOptions(deps, channelId, owner, summary);
    let outcome: PublishOutcome;
    if (publishSpent || (owner?.maxPerHour && (await overCap(deps, delivery, owner.maxPerHour)))) {
      const ready = (await store.deliveries.pending(channelId, ROUNDUP_BATCH)).filter(
        (p) =>
          p.delivery.subscriptionId === delivery.subscriptionId &&
          p.delivery.topicSubscriptionId === delivery.topicSubscriptionId &&
          (p.article.state === 'summarized' || p.article.state === 'seen'),
      );
      const batch: typeof ready = [];
      for (const p of ready) {
        const made =
          p.delivery.id === delivery.id ? summary : await findSummary(deps, p.article, prefs.language, prefs.style);
        // One whose summary is not made yet goes out later, alone or in a later roundup.
        if (made && !(await skipFiller(deps, p.delivery, made, prefs, result))) batch.push(p);
      }
      outcome = await publisher.publishRoundup({
        destination,
        attempt: await beginAttempt(deps, delivery),
        articles: batch.map((p) => p.article),
        feed: feedRef,
        topic: topic?.query ?? null,
        language: prefs.language,
        publish: extras.publish,
        identity: owner?.webhook ?? null,
      });
      if (outcome.status === 'delivered') {
        logProblems(deps, channelId, delivery, outcome);
        for (const p of batch) {
          await store.deliveries.markSent(p.delivery.id, outcome.messageId, deps.now(), outcome.published === true);
        }
        deps.metrics.deliveries.inc({ outcome: 'roundup' }, batch.length);
        result.sent += batch.length;
        result.roundups = (result.roundups ?? 0) + 1;
        continue;
      }
    } else {
      const step = await placeInStory(deps, {
        delivery,
        article,
        subscription,
        topic,
        destination,
        language: prefs.language,
      });
      if (step.kind === 'merged') {
        result.merged = (result.merged ?? 0) + 1;
        continue;
      }
      if (step.kind === 'failed') {
        outcome = step.outcome;
      } else {
        outcome = await publisher.publishArticle({
          destination,
          attempt: await beginAttempt(deps, delivery),
          article,
          feed: feedRef,
          summary,
          // Decided with the delivery; one made without that decision (a backfill) mentions its subscription's role.
          mentionRoleIds: delivery.mentionRoleIds ?? (owner?.mentionRoleId ? [owner.mentionRoleId] : []),
          layout: prefs.layout,
          ...extras,
          template: await templateSource(deps, delivery.guildId, prefs),
          identity: owner?.webhook ?? null,
          ...(step.story && { story: step.story }),
        });
        if (outcome.status === 'delivered') {
          logProblems(deps, channelId, delivery, outcome);
          await store.deliveries.markSent(delivery.id, outcome.messageId, deps.now(), outcome.published === true);
          deps.metrics.deliveries.inc({ outcome: 'posted' });
          result.sent++;
          if (step.story) await afterStoryPost(deps, delivery, outcome.messageId, destination, step.story);
          continue;
        }
      }
    }

    if (outcome.status === 'retry-later') {
      // The job retries with backoff; the delivery stays pending.
      deps.metrics.deliveries.inc({ outcome: 'retried' });
      throw new DestinationUnavailable(outcome.detail);
    }
    await store.deliveries.markFailed(delivery.id, `${outcome.status}: ${outcome.detail}`);
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

/** What the post could not do beyond the message (a thread, publishing): logged, the post stands. */
function logProblems(
  deps: Deps,
  channelId: string,
  delivery: DeliveryRow,
  outcome: Extract<PublishOutcome, { status: 'delivered' }>,
): void {
  if (outcome.problems?.length) {
    deps.log.warn({ channelId, deliveryId: delivery.id, problems: outcome.problems }, 'post published with problems');
  }
}

/**
 * Records the first try of a delivery before it is published, so that a try after a crash knows that an earlier one
 * began, and when.
 */
async function beginAttempt(deps: Deps, delivery: DeliveryRow): Promise<Attempt> {
  if (delivery.attemptedAt === null) await deps.store.deliveries.markAttempted(delivery.id, deps.now());
  return { deliveryId: delivery.id, earlierAttemptAt: delivery.attemptedAt };
}

/**
 * True when the article is filler and the server skips filler; the delivery is then recorded as skipped (never
 * posted, never counted as sent).
 */
async function skipFiller(
  deps: Deps,
  delivery: DeliveryRow,
  summary: SummaryRow,
  prefs: GuildSettings,
  result: DeliverResult,
): Promise<boolean> {
  if (prefs.filler !== 'skip' || summary.kind !== 'filler') return false;
  await deps.store.deliveries.markSkipped(delivery.id, 'filler');
  deps.metrics.deliveries.inc({ outcome: 'skipped' });
  result.skipped = (result.skipped ?? 0) + 1;
  return true;
}

/**
 * The channel's first pending articles whose summary in their subscription's language and style (else their server's)
 * is not made yet.
 */
async function unsummarized(deps: Deps, channelId: string): Promise<number[]> {
  const prefs = new Map<string, GuildSettings>();
  const missing: number[] = [];
  for (const { delivery, article } of await deps.store.deliveries.pending(channelId, SUMMARY_BATCH)) {
    // A `new` article's summarize job is on its way already.
    if (article.state === 'new' || article.state === 'failed') continue;
    const key = `${delivery.guildId}|${delivery.subscriptionId}|${delivery.topicSubscriptionId}`;
    let settings = prefs.get(key);
    if (!settings) {
      settings = await deliverySettings(deps, delivery);
      prefs.set(key, settings);
    }
    if (!(await findSummary(deps, article, settings.language, settings.style))) missing.push(article.id);
  }
  return missing;
}

/** Whether the delivery's feed or topic subscription has posted `max` times in the last hour. */
async function overCap(deps: Deps, delivery: DeliveryRow, max: number): Promise<boolean> {
  const owner =
    delivery.subscriptionId !== null
      ? { subscriptionId: delivery.subscriptionId }
      : { topicSubscriptionId: delivery.topicSubscriptionId ?? 0 };
  return (await deps.store.deliveries.countSentSince(owner, deps.now() - HOUR_MS)) >= max;
}
