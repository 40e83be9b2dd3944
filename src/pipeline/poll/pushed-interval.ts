import type { Config } from '../../config.js';

/**
 * The wait until the next poll of a feed: its interval, or at least `WEBSUB_SAFETY_INTERVAL_SECONDS` while a hub
 * pushes its updates (the poll only catches what a hub failed to deliver).
 */
export function pollWaitSeconds(
  config: Pick<Config, 'WEBSUB_SAFETY_INTERVAL_SECONDS'>,
  intervalSeconds: number,
  pushed: boolean,
): number {
  return pushed ? Math.max(intervalSeconds, config.WEBSUB_SAFETY_INTERVAL_SECONDS) : intervalSeconds;
}
