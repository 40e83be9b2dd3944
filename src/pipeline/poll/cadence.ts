/**
 * A feed's observed publishing cadence: an exponentially weighted mean of the gaps between its new items, and when
 * the newest two of them appeared. The mean gap is what a steady rate of publishing is estimated by (its inverse is
 * the items per second), so its estimate is as precise as a few gaps allow; each gap counts at most
 * {@link OUTLIER_FACTOR} times the estimate, so one quiet week cannot outweigh twenty items an hour apart.
 */
export interface Cadence {
  /** Typical gap between new items, seconds; null until two items have been seen at different times. */
  gapSeconds: number | null;
  /** Epoch ms of the newest item seen (its publication time, or when Herald first saw it); null before any. */
  lastItemAt: number | null;
  /** Epoch ms of the item before the newest; null before two. Two items close together mark a burst. */
  previousItemAt: number | null;
}

/** Gaps shorter than this count as this: a burst of items a few seconds apart says "poll often", not "poll always". */
export const MIN_GAP_SECONDS = 60;
/** Gaps longer than this count as this, so a bogus date from 1970 cannot freeze a feed's estimate. */
export const MAX_GAP_SECONDS = 90 * 86_400;
/** Weight of the newest gap in the estimate: about the last twenty gaps count. */
const WEIGHT = 0.1;
/** A gap counts at most this many times the estimate (a steady feed's gaps exceed it once in fifty). */
export const OUTLIER_FACTOR = 4;
/** At most this many items of one fetch are folded in (a first fetch carries the feed's history). */
const MAX_OBSERVED = 50;

const clampGap = (seconds: number) => Math.min(Math.max(seconds, MIN_GAP_SECONDS), MAX_GAP_SECONDS);

/**
 * The cadence after a fetch found items at `times` (epoch ms: publication dates, or `now` when an item has none).
 * A time in the future counts as `now`; a time before the newest item already seen counts as that item's time, so
 * backdated items add no gap. Items published at the same instant are one event. The first items ever seen (a first
 * fetch's history) give the mean of their gaps at once. Pure.
 */
export function observeItems(cadence: Cadence, times: readonly number[], now: number): Cadence {
  const floor = cadence.lastItemAt ?? Number.NEGATIVE_INFINITY;
  const sorted = [
    ...new Set(
      times
        .filter((t) => Number.isFinite(t))
        .map((t) => Math.min(Math.max(t, floor), now))
        .filter((t) => t > floor),
    ),
  ]
    .sort((a, b) => a - b)
    .slice(-MAX_OBSERVED);
  const newest = sorted.at(-1);
  if (newest === undefined) return cadence;
  let { gapSeconds, lastItemAt } = cadence;
  const previousItemAt = sorted.at(-2) ?? lastItemAt;
  if (gapSeconds === null && lastItemAt === null && sorted.length > 1) {
    // A history: the mean of its gaps, the best estimate of a steady rate these dates give.
    return {
      gapSeconds: clampGap((newest - (sorted[0] as number)) / 1000 / (sorted.length - 1)),
      lastItemAt: newest,
      previousItemAt,
    };
  }
  for (const t of sorted) {
    if (lastItemAt !== null) {
      const gap = clampGap((t - lastItemAt) / 1000);
      gapSeconds =
        gapSeconds === null ? gap : (1 - WEIGHT) * gapSeconds + WEIGHT * Math.min(gap, OUTLIER_FACTOR * gapSeconds);
    }
    lastItemAt = t;
  }
  return { gapSeconds, lastItemAt, previousItemAt };
}

/** A cadence as the feed row stores it (`cadence_seconds`, `last_item_at`, `previous_item_at`). */
export function storedCadence(cadence: Cadence) {
  return {
    cadenceSeconds: cadence.gapSeconds,
    lastItemAt: cadence.lastItemAt,
    previousItemAt: cadence.previousItemAt,
  };
}
