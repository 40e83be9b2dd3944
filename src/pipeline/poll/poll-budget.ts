import type { Config } from '../../config.js';
import type { FeedRepository } from '../../store/store.js';
import { type PollLimits, type PollShare, pollShare } from './adaptive-interval.js';

/** The share of the request budget each feed gets, computed from every polled feed's cadence. */
export interface PollBudget {
  /**
   * The budget share of {@link pollShare} at `now`; null when no feed has a known cadence. Recomputed from the store
   * at most once per refresh period (every worker computes the same value from the same rows), so a poll costs no
   * extra query in between.
   */
  share(now: number): Promise<PollShare | null>;
}

type PollConfig = Pick<
  Config,
  | 'FEED_POLL_INTERVAL_SECONDS'
  | 'FEED_POLL_MIN_INTERVAL_SECONDS'
  | 'FEED_POLL_ADAPTIVE_CEILING_SECONDS'
  | 'FEED_POLL_BUDGET_PER_MINUTE'
  | 'FEED_POLL_TARGET_LAG_SECONDS'
  | 'WEBSUB_SAFETY_INTERVAL_SECONDS'
  | 'FEED_HOST_MAX_PER_MINUTE'
>;

/** How often the scale is recomputed: cadences move slowly, and the budget is a rate, not a hard cap per minute. */
export const BUDGET_REFRESH_MS = 5 * 60_000;

/**
 * The interval bounds from the configuration, and each host's requests per minute: the ceiling defaults to six default
 * intervals (an hour at 600 s).
 */
export function pollLimits(config: PollConfig): PollLimits {
  return {
    floor: config.FEED_POLL_MIN_INTERVAL_SECONDS,
    ceiling: config.FEED_POLL_ADAPTIVE_CEILING_SECONDS ?? 6 * config.FEED_POLL_INTERVAL_SECONDS,
    fallback: config.FEED_POLL_INTERVAL_SECONDS,
    pushed: config.WEBSUB_SAFETY_INTERVAL_SECONDS,
    hostPerMinute: config.FEED_HOST_MAX_PER_MINUTE,
    target: config.FEED_POLL_TARGET_LAG_SECONDS,
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
  let cached: { at: number; share: Promise<PollShare | null> } | null = null;
  return {
    share(now) {
      if (cached && now >= cached.at && now - cached.at < refreshMs) return cached.share;
      const share = feeds.pollDemand().then((rows) =>
        pollShare(
          rows.map((r) => ({
            gapSeconds: r.cadenceSeconds,
            lastItemAt: r.lastItemAt,
            previousItemAt: r.previousItemAt,
            overrideSeconds: r.intervalOverrideSeconds,
            declaredMinSeconds: r.declaredMinIntervalSeconds,
            pushed: r.pushed,
            host: feedHost(r.url),
          })),
          pollLimits(config),
          budgetPerMinute(config, rows.length),
          now,
        ),
      );
      const entry = { at: now, share };
      cached = entry;
      // A failed read is not kept: the next poll asks again.
      share.catch(() => {
        if (cached === entry) cached = null;
      });
      return share;
    },
  };
}

/** The host a feed is fetched from, as per-host politeness counts it. */
export function feedHost(url: string): string {
  return new URL(url).hostname;
}
