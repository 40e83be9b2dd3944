/** The lease Herald asks hubs for (`hub.lease_seconds`); the hub decides, and its verification says what it granted. */
export const REQUESTED_LEASE_SECONDS = 7 * 24 * 3600;
/** How long a hub has to verify a subscribe or unsubscribe before Herald stops waiting for it. */
export const VERIFY_TIMEOUT_MS = 10 * 60_000;
/** How long a feed whose subscription failed is polled before a new subscribe is tried. */
export const RETRY_AFTER_FAILURE_MS = 6 * 3600_000;
/** The longest lease taken from a hub (a year), so a hostile number cannot overflow the schedule. */
const MAX_LEASE_SECONDS = 365 * 24 * 3600;

/**
 * When a lease of `leaseSeconds` granted at `now` ends, and when to renew it: a tenth of the lease before its end
 * (at least 5 minutes, at most a day, and never more than half of it), so a renewal has time to be verified.
 */
export function leaseTimes(now: number, leaseSeconds: number): { expiresAt: number; renewAt: number } {
  const lease = Math.min(Math.max(leaseSeconds, 1), MAX_LEASE_SECONDS) * 1000;
  const margin = Math.min(Math.max(lease / 10, 5 * 60_000), 24 * 3600_000, lease / 2);
  return { expiresAt: now + lease, renewAt: now + lease - Math.floor(margin) };
}
