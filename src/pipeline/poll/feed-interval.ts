import type { Config } from '../../config.js';

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
