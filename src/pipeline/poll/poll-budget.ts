import type { Config } from '../../config.js';
import type { FeedRepository } from '../../store/store.js';
import { budgetScale, type PollLimits } from './adaptive-interval.js';

/** The share of the request budget each feed gets, computed from every polled feed's cadence. */
export interface PollBudget {
  /**
   * The budget scale of {@link budgetScale} at `now`; null when no feed has a known cadence. Recomputed from the store
   * at most once per refresh period (every worker computes the same value from the same rows), so a poll costs no
   * extra query in between.
   */
  scale(now: number): Promise<number | null>;
}

type PollConfig = Pick<
  Config,
  | 'FEED_POLL_INTERVAL_SECONDS'
  | 'FEED_POLL_MIN_INTERVAL_SECONDS'
  | 'FEED_POLL_ADAPTIVE_CEILING_SECONDS'
  | 'FEED_POLL_BUDGET_PER_MINUTE'
  | 'WEBSUB_SAFETY_INTERVAL_SECONDS'
>;

/** How often the scale is recomputed: cadences move slowly, and the budget is a rate, not a hard cap per minute. */
export const BUDGET_REFRESH_MS = 5 * 60_000;

/** The interval bounds from the configuration: the ceiling defaults to six default intervals (an hour at 600 s). */
export function pollLimits(config: PollConfig): PollLimits {
  return {
    floor: config.FEED_POLL_MIN_INTERVAL_SECONDS,
    ceiling: config.FEED_POLL_ADAPTIVE_CEILING_SECONDS ?? 6 * config.FEED_POLL_INTERVAL_SECONDS,
    fallback: config.FEED_POLL_INTERVAL_SECONDS,
    pushed: config.WEBSUB_SAFETY_INTERVAL_SECONDS,
  };
}

/** FEED_POLL_BUDGET_PER_MINUTE, or what polling `feeds` feeds every FEED_POLL_INTERVAL_SECONDS would ask. */
export function budgetPerMinute(config: PollConfig, feeds: number): number {
  return config.FEED_POLL_BUDGET_PER_MINUTE ?? (feeds * 60) / config.FEED_POLL_INTERVAL_SECONDS;
}

/** A {@link PollBudget} over the store's feeds, cached for `refreshMs`. */
export function createPollBudget(
  feeds: Pick<FeedRepository, 'pollDemand'>,
  config: PollConfig,
  refreshMs = BUDGET_REFRESH_MS,
): PollBudget {
  let cached: { at: number; scale: Promise<number | null> } | null = null;
  return {
    scale(now) {
      if (cached && now >= cached.at && now - cached.at < refreshMs) return cached.scale;
      const scale = feeds.pollDemand().then((rows) =>
        budgetScale(
          rows.map((r) => ({
            gapSeconds: r.cadenceSeconds,
            lastItemAt: r.lastItemAt,
            overrideSeconds: r.intervalOverrideSeconds,
            declaredMinSeconds: r.declaredMinIntervalSeconds,
            pushed: r.pushed,
          })),
          pollLimits(config),
          budgetPerMinute(config, rows.length),
          now,
        ),
      );
      const entry = { at: now, scale };
      cached = entry;
      // A failed read is not kept: the next poll asks again.
      scale.catch(() => {
        if (cached === entry) cached = null;
      });
      return scale;
    },
  };
}
