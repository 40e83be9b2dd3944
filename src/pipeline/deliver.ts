import type { Deps } from '../deps.js';
import type { MessageBody } from '../discord/poster.js';
import { PostError } from '../discord/poster.js';
import { feedColour, renderPost } from '../discord/render.js';
import { renderRoundup } from '../discord/roundup.js';
import { safeText } from '../discord/safe-text.js';
import { pickLocale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { ArticleRow, DeliveryRow, GuildSettings } from '../store/store.js';
import { guildSettings } from './settings.js';
import { pauseChannel, pauseReason } from './subscriptions.js';
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

const HOUR_MS = 3_600_000;
const FORUM = 15;
const ROUNDUP_BATCH = 100;

/**
 * Posts a channel's pending deliveries, oldest article first, until none is left or the next one is not summarized
 * yet. Must not run twice at once for one channel (the deliver queue deduplicates per channel). A retried post reuses
 * the delivery's nonce, so Discord returns the first message instead of posting again. Past a subscription's hourly
 * cap, its ready articles go out as one roundup. A filler article for a server that skips filler is recorded as
 * skipped instead of posted. A lost channel (deleted, hidden, no permission) pauses its subscriptions and the server
 * is told once.
 */
export async function deliverChannel(deps: Deps, channelId: string): Promise<DeliverResult> {
  const { store, poster } = deps;
  if (!poster) throw new Error('deliverChannel needs a Discord poster');
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

    const prefs = await guildSettings(deps, delivery.guildId);
    const [feed, subscription, topic] = await Promise.all([
      store.feeds.get(article.feedId),
      delivery.subscriptionId === null ? null : store.subscriptions.get(delivery.subscriptionId),
      delivery.topicSubscriptionId === null ? null : store.topics.get(delivery.topicSubscriptionId),
    ]);
    const feedRef = { id: article.feedId, title: feed?.title ?? null, url: feed?.url ?? '', siteLink: feed?.siteLink };

    // A delivery is made for one feed subscription or one topic subscription.
    const owner = subscription ?? topic;
    try {
      if (await skipFiller(deps, next, prefs, result)) continue;
      if (owner?.maxPerHour && (await overCap(deps, delivery, owner.maxPerHour))) {
        const ready = (await store.deliveries.pending(channelId, ROUNDUP_BATCH)).filter(
          (p) =>
            p.delivery.subscriptionId === delivery.subscriptionId &&
            p.delivery.topicSubscriptionId === delivery.topicSubscriptionId &&
            p.article.state === 'summarized',
        );
        const batch: typeof ready = [];
        for (const p of ready) if (!(await skipFiller(deps, p, prefs, result))) batch.push(p);
        const t = messages(pickLocale(prefs.language));
        const name = topic
          ? t.roundupTopicTitle({ count: batch.length, topic: topic.query })
          : t.roundupTitle({ count: batch.length, feed: feedRef.title ?? feedRef.url });
        const body = renderRoundup(
          batch.map((p) => p.article),
          name,
          feedColour(feedRef),
        );
        const messageId = await send(deps, delivery, owner, body, name, `herald-r-${delivery.id}`);
        for (const p of batch) await store.deliveries.markSent(p.delivery.id, messageId, deps.now());
        deps.metrics.deliveries.inc({ outcome: 'roundup' }, batch.length);
        result.sent += batch.length;
        result.roundups = (result.roundups ?? 0) + 1;
        continue;
      }
      const summary = await ensureSummary(deps, article, prefs.language, prefs.style);
      const body = renderPost({
        article,
        feed: feedRef,
        summary,
        mentionRoleId: subscription?.mentionRoleId ?? topic?.mentionRoleId ?? null,
        layout: prefs.layout,
      });
      const name = summary.headline || article.title;
      const messageId = await send(deps, delivery, owner, body, name, `herald-${delivery.id}`);
      await store.deliveries.markSent(delivery.id, messageId, deps.now());
      deps.metrics.deliveries.inc({ outcome: 'posted' });
      result.sent++;
    } catch (err) {
      if (!(err instanceof PostError)) throw err;
      if (err.kind === 'transient') {
        // The job retries with backoff; the delivery stays pending.
        deps.metrics.deliveries.inc({ outcome: 'retried' });
        throw err;
      }
      await store.deliveries.markFailed(delivery.id, `${err.kind}: ${err.message}`);
      deps.metrics.deliveries.inc({ outcome: err.kind === 'no-access' ? 'no_access' : 'rejected' });
      deps.log.warn({ channelId, deliveryId: delivery.id, kind: err.kind, code: err.code }, 'delivery failed');
      result.failed++;
      // The channel is gone or unreachable: every later post would fail the same way, so stop and tell the server.
      if (err.kind === 'no-access') {
        const { paused } = await pauseChannel(deps, channelId, pauseReason(err.code));
        return { ...result, paused };
      }
    }
  }
}

/**
 * True when the article is filler and the server skips filler; the delivery is then recorded as skipped (never
 * posted, never counted as sent). Reads the summary the summarize stage made for the server's language and style.
 */
async function skipFiller(
  deps: Deps,
  { delivery, article }: { delivery: DeliveryRow; article: ArticleRow },
  prefs: GuildSettings,
  result: DeliverResult,
): Promise<boolean> {
  if (prefs.filler !== 'skip') return false;
  const summary = await ensureSummary(deps, article, prefs.language, prefs.style);
  if (summary.kind !== 'filler') return false;
  await deps.store.deliveries.markSkipped(delivery.id, 'filler');
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
  return (await deps.store.deliveries.countSentSince(owner, deps.now() - HOUR_MS)) >= max;
}

/** A message in a text channel, or a new post (thread) in a forum. */
async function send(
  deps: Deps,
  delivery: DeliveryRow,
  owner: { channelType: number | null } | null,
  body: MessageBody,
  name: string,
  nonce: string,
): Promise<string> {
  const poster = deps.poster!;
  if (owner?.channelType === FORUM && poster.startThread) {
    // Discord takes no nonce for a forum post. The first attempt is recorded before it, so that a retry after a crash
    // between starting the post and recording it adopts that post instead of starting a second one.
    const { attemptedAt, guildId } = delivery;
    if (attemptedAt === null) await deps.store.deliveries.markAttempted(delivery.id, deps.now());
    const earlier = attemptedAt === null ? undefined : { guildId, since: attemptedAt };
    // A forum post's name shows as written: no Markdown, but feed text all the same.
    return poster.startThread(
      delivery.channelId,
      safeText(name, { oneLine: true, plain: true, max: 100 }),
      body,
      earlier,
    );
  }
  return poster.post(delivery.channelId, body, nonce);
}
