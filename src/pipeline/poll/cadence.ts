/**
 * A feed's observed publishing cadence: an exponentially weighted geometric mean of the gaps between its new items,
 * and when the newest of them appeared. Geometric, because gaps are heavy-tailed: one quiet week must not outweigh
 * twenty items an hour apart.
 */
export interface Cadence {
  /** Typical gap between new items, seconds; null until two items have been seen at different times. */
  gapSeconds: number | null;
  /** Epoch ms of the newest item seen (its publication time, or when Herald first saw it); null before any. */
  lastItemAt: number | null;
}

/** Gaps shorter than this count as this: a burst of items a few seconds apart says "poll often", not "poll always". */
export const MIN_GAP_SECONDS = 60;
/** Gaps longer than this count as this, so a bogus date from 1970 cannot freeze a feed's estimate. */
export const MAX_GAP_SECONDS = 90 * 86_400;
/** Weight of the newest gap in the estimate. */
const WEIGHT = 0.25;
/** At most this many items of one fetch are folded in (a first fetch carries the feed's history). */
const MAX_OBSERVED = 50;

/**
 * The cadence after a fetch found items at `times` (epoch ms: publication dates, or `now` when an item has none).
 * A time in the future counts as `now`; a time before the newest item already seen counts as that item's time, so
 * backdated items add no gap. Items published at the same instant are one event. Pure.
 */
export function observeItems(cadence: Cadence, times: readonly number[], now: number): Cadence {
  const floor = cadence.lastItemAt ?? Number.NEGATIVE_INFINITY;
  const sorted = times
    .filter((t) => Number.isFinite(t))
    .map((t) => Math.min(Math.max(t, floor), now))
    .sort((a, b) => a - b)
    .slice(-MAX_OBSERVED);
  let { gapSeconds, lastItemAt } = cadence;
  for (const t of sorted) {
    if (lastItemAt !== null && t > lastItemAt) {
      const gap = Math.min(Math.max((t - lastItemAt) / 1000, MIN_GAP_SECONDS), MAX_GAP_SECONDS);
      gapSeconds = gapSeconds === null ? gap : Math.exp((1 - WEIGHT) * Math.log(gapSeconds) + WEIGHT * Math.log(gap));
    }
    if (lastItemAt === null || t > lastItemAt) lastItemAt = t;
  }
  return { gapSeconds, lastItemAt };
}
