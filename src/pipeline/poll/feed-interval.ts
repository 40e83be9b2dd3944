import type { Config } from '../../config.js';

/**
 * The safety interval of a feed whose hub pushes its new items (WebSub): the push brings news within seconds, so
 * polling only catches what a lost notification or a lapsed lease missed.
 */
export const PUSHED_FEED_INTERVAL_SECONDS = 3600;

/**
 * A feed's poll interval in seconds without adaptive polling: its own override, else FEED_POLL_INTERVAL_SECONDS;
 * never below FEED_POLL_MIN_INTERVAL_SECONDS, nor below what the feed itself declares (`<ttl>`, `sy:updatePeriod`).
 * Failure backoff grows from it, adaptive or not.
 */
export function effectiveInterval(
  config: Pick<Config, 'FEED_POLL_INTERVAL_SECONDS' | 'FEED_POLL_MIN_INTERVAL_SECONDS'>,
  feed: { override: number | null; declaredMin: number | null },
): number {
  return Math.max(
    config.FEED_POLL_MIN_INTERVAL_SECONDS,
    feed.override ?? config.FEED_POLL_INTERVAL_SECONDS,
    feed.declaredMin ?? 0,
  );
}
