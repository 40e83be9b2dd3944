import { createHash } from 'node:crypto';

/**
 * The next poll time of a feed: the next slot after `now` on a grid of `intervalSeconds` shifted by a hash of the URL,
 * so feeds sharing an interval spread over it instead of all polling at once (MonitoRSS does the same).
 */
export function nextPollAt(url: string, intervalSeconds: number, now: number): number {
  const interval = intervalSeconds * 1000;
  const offset = createHash('sha1').update(url).digest().readUInt32BE(0) % interval;
  return Math.floor((now - offset) / interval) * interval + offset + interval;
}

/** Exponential backoff for a failing feed: interval × 2^failures, at most a day. */
export function backoffPollAt(intervalSeconds: number, failures: number, now: number): number {
  const delay = intervalSeconds * 1000 * 2 ** Math.min(failures, 16);
  return now + Math.min(delay, 24 * 3600 * 1000);
}
