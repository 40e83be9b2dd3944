import type { Config } from '../../config.js';
import { adaptiveInterval, type PollShare } from './adaptive-interval.js';
import type { Cadence } from './cadence.js';
import { effectiveInterval } from './feed-interval.js';
import { feedHost, pollLimits } from './poll-budget.js';
import { nextPollAt } from './schedule.js';

export type PlanConfig = Pick<
  Config,
  | 'FEED_POLL_ADAPTIVE'
  | 'FEED_POLL_INTERVAL_SECONDS'
  | 'FEED_POLL_MIN_INTERVAL_SECONDS'
  | 'FEED_POLL_ADAPTIVE_CEILING_SECONDS'
  | 'FEED_POLL_BUDGET_PER_MINUTE'
  | 'FEED_POLL_TARGET_LAG_SECONDS'
  | 'WEBSUB_SAFETY_INTERVAL_SECONDS'
  | 'FEED_HOST_MAX_PER_MINUTE'
  | 'SCHEDULER_TICK_SECONDS'
>;

/** What the next poll depends on, as known after a successful poll. */
export interface PollPlanInput {
  url: string;
  overrideSeconds: number | null;
  declaredMinSeconds: number | null;
  cadence: Cadence;
  /** Its hub pushes new items (WebSub): only the safety interval is polled. */
  pushed?: boolean;
  /** This poll found new items. */
  foundNew: boolean;
}

/**
 * The interval and time of a feed's next poll after a successful one. Adaptive polling picks the interval from the
 * feed's cadence, the budget `share` and its host's stretch ({@link adaptiveInterval}) and polls again one interval
 * from now; a fixed interval (adaptive polling off, an override, the push safety interval) keeps the feed's slot on
 * its URL-hashed grid, so feeds sharing it stay spread. Pure.
 */
export function planNextPoll(
  config: PlanConfig,
  feed: PollPlanInput,
  share: PollShare | null,
  now: number,
): { interval: number; next: number } {
  if (!config.FEED_POLL_ADAPTIVE && !feed.pushed) {
    const interval = effectiveInterval(config, {
      override: feed.overrideSeconds,
      declaredMin: feed.declaredMinSeconds,
    });
    return { interval, next: nextPollAt(feed.url, interval, now) };
  }
  const demand = {
    gapSeconds: feed.cadence.gapSeconds,
    lastItemAt: feed.cadence.lastItemAt,
    previousItemAt: feed.cadence.previousItemAt,
    overrideSeconds: feed.overrideSeconds,
    declaredMinSeconds: feed.declaredMinSeconds,
    pushed: feed.pushed ?? false,
  };
  const stretch = share?.hostStretch.get(feedHost(feed.url)) ?? 1;
  const poll = { now, foundNew: feed.foundNew };
  const interval = adaptiveInterval(demand, share?.scale ?? null, pollLimits(config), poll, stretch);
  const fixed = feed.pushed || feed.overrideSeconds !== null || feed.cadence.gapSeconds === null || share === null;
  if (fixed) return { interval, next: nextPollAt(feed.url, interval, now) };
  // The scheduler claims a due feed at its next tick, half a tick after `next` on average: aim that much early, so
  // that a feed is polled at its interval on average (75 s would otherwise mean every 90 s), never below the floor.
  const early = Math.max(
    0,
    Math.min(config.SCHEDULER_TICK_SECONDS / 2, interval - config.FEED_POLL_MIN_INTERVAL_SECONDS),
  );
  return { interval, next: now + (interval - early) * 1000 };
}
