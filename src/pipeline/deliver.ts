import type { Deps } from '../deps.js';
import { PostError } from '../discord/poster.js';
import { renderPost } from '../discord/render.js';
import { ensureSummary } from './summaries.js';
import { DEFAULT_SETTINGS } from './summarize.js';

export interface DeliverResult {
  sent: number;
  failed: number;
  /** True when the channel's oldest pending article is still being summarized; its summarize job will call again. */
  waiting: boolean;
}

/**
 * Posts a channel's pending deliveries, oldest article first, until none is left or the next one is not summarized
 * yet. Must not run twice at once for one channel (the deliver queue deduplicates per channel). A retried post reuses
 * the delivery's nonce, so Discord returns the first message instead of posting again.
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

    const settings = (await store.getGuildSettings(delivery.guildId)) ?? DEFAULT_SETTINGS;
    const [summary, feed, subscription] = await Promise.all([
      ensureSummary(deps, article, settings.language, settings.style),
      store.getFeed(article.feedId),
      delivery.subscriptionId === null ? null : store.getSubscription(delivery.subscriptionId),
    ]);
    const body = renderPost({
      article,
      feed: { title: feed?.title ?? null, url: feed?.url ?? '' },
      summary,
      mentionRoleId: subscription?.mentionRoleId ?? null,
    });

    try {
      const messageId = await poster.post(channelId, body, `herald-${delivery.id}`);
      await store.markDeliverySent(delivery.id, messageId, deps.now());
      result.sent++;
    } catch (err) {
      if (!(err instanceof PostError) || err.kind === 'transient') throw err;
      // The channel is gone, unreachable, or Discord refuses this payload: retrying cannot help.
      await store.markDeliveryFailed(delivery.id, `${err.kind}: ${err.message}`, deps.now());
      deps.log.warn({ channelId, deliveryId: delivery.id, kind: err.kind, code: err.code }, 'delivery failed');
      result.failed++;
    }
  }
}
