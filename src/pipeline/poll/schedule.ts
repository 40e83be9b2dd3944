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

/** Exponential backoff for a failing feed with `failures` failures before this one: interval × factor^failures, at most a day. */
export function backoffPollAt(intervalSeconds: number, failures: number, now: number, factor = 2): number {
  const delay = intervalSeconds * 1000 * factor ** Math.min(failures, 16);
  return now + Math.min(delay, 24 * 3600 * 1000);
}
