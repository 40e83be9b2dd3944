import type { Deps } from '../deps.js';
import type { MessageBody } from '../discord/poster.js';
import { PostError } from '../discord/poster.js';
import { renderPost } from '../discord/render.js';
import { renderRoundup } from '../discord/roundup.js';
import { truncate } from '../discord/text.js';
import { pickLocale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { SubscriptionRow } from '../store/store.js';
import { guildPreferences } from './settings.js';
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
}

const HOUR_MS = 3_600_000;
const FORUM = 15;
const ROUNDUP_BATCH = 100;

/**
 * Posts a channel's pending deliveries, oldest article first, until none is left or the next one is not summarized
 * yet. Must not run twice at once for one channel (the deliver queue deduplicates per channel). A retried post reuses
 * the delivery's nonce, so Discord returns the first message instead of posting again. Past a subscription's hourly
 * cap, its ready articles go out as one roundup. A lost channel (deleted, hidden, no permission) pauses its
 * subscriptions and the server is told once.
 */
export async function deliverChannel(deps: Deps, channelId: string): Promise<DeliverResult> {
  const { store, poster } = deps;
  if (!poster) throw new Error('deliverChannel needs a Discord poster');
  const result: DeliverResult = { sent: 0, failed: 0, waiting: false };

  for (;;) {
    const next = await store.nextPendingDelivery(channelId);
    if (!next) return result;
    const { delivery, article } = next;
    if (article.state === 'new') return { ...result, waiting: true };
    if (article.state === 'failed') {
      await store.markDeliveryFailed(delivery.id, 'article could not be summarized', deps.now());
      result.failed++;
      continue;
    }

    const prefs = await guildPreferences(deps, delivery.guildId);
    const [feed, subscription, topic] = await Promise.all([
      store.getFeed(article.feedId),
      delivery.subscriptionId === null ? null : store.getSubscription(delivery.subscriptionId),
      delivery.topicSubscriptionId === null ? null : store.getTopicSubscription(delivery.topicSubscriptionId),
    ]);
    const feedRef = { id: article.feedId, title: feed?.title ?? null, url: feed?.url ?? '', siteLink: feed?.siteLink };

    try {
      if (subscription?.maxPerHour && (await overCap(deps, subscription))) {
        const batch = (await store.pendingDeliveries(channelId, ROUNDUP_BATCH)).filter(
          (p) => p.delivery.subscriptionId === subscription.id && p.article.state === 'summarized',
        );
        const t = messages(pickLocale(prefs.language));
        const body = renderRoundup(
          batch.map((p) => p.article),
          feedRef,
          t,
        );
        const name = t.roundupTitle({ count: batch.length, feed: feedRef.title ?? feedRef.url });
        const messageId = await send(deps, channelId, subscription, body, name, `herald-r-${delivery.id}`);
        for (const p of batch) await store.markDeliverySent(p.delivery.id, messageId, deps.now());
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
      const messageId = await send(deps, channelId, subscription, body, name, `herald-${delivery.id}`);
      await store.markDeliverySent(delivery.id, messageId, deps.now());
      result.sent++;
    } catch (err) {
      if (!(err instanceof PostError) || err.kind === 'transient') throw err;
      await store.markDeliveryFailed(delivery.id, `${err.kind}: ${err.message}`, deps.now());
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

async function overCap(deps: Deps, sub: SubscriptionRow): Promise<boolean> {
  const sent = await deps.store.countSentSince(sub.id, deps.now() - HOUR_MS);
  return sent >= (sub.maxPerHour ?? Number.POSITIVE_INFINITY);
}

/** A message in a text channel, or a new post (thread) in a forum. */
function send(
  deps: Deps,
  channelId: string,
  sub: SubscriptionRow | null,
  body: MessageBody,
  name: string,
  nonce: string,
): Promise<string> {
  const poster = deps.poster!;
  if (sub?.channelType === FORUM && poster.startThread) {
    return poster.startThread(channelId, truncate(name, 100), body);
  }
  return poster.post(channelId, body, nonce);
}
