import type { FeedError } from '../../feeds/errors.js';

/** How a failing feed is retried and when it is given up on, by the kind of its failure. */
export interface FailurePolicy {
  /** Failures in a row that disable the feed. */
  disableAfter: number;
  /** The wait after the n-th failure in a row is the feed's interval × factor^(n−1), at most a day (`backoffPollAt`). */
  backoffFactor: number;
}

/**
 * - **gone** (HTTP 410): the publisher says the feed will not come back; disabled at once.
 * - **permanent** (404, 401, 403, a refused address, not a feed, unparseable): retrying rarely helps, but a site
 *   mid-migration or a CMS that broke its template can recover within hours. Waits grow ×4 (10 min, 40 min, 2 h 40,
 *   10 h 40 at the default interval) and the 5th failure, about 14 hours after the first, disables it.
 * - **transient** (network, timeout, 429, 5xx, too large): waits double (10 min, 20 min, … at most a day) and the
 *   11th failure, about four days after the first, disables it, as MonitoRSS does.
 */
export const FAILURE_POLICIES = {
  gone: { disableAfter: 1, backoffFactor: 1 },
  permanent: { disableAfter: 5, backoffFactor: 4 },
  transient: { disableAfter: 11, backoffFactor: 2 },
} as const satisfies Record<string, FailurePolicy>;

/** The policy for one failure. */
export function failurePolicy(err: FeedError): FailurePolicy {
  if (err.kind === 'http' && err.status === 410) return FAILURE_POLICIES.gone;
  return err.permanent ? FAILURE_POLICIES.permanent : FAILURE_POLICIES.transient;
}
