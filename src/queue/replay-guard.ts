import type { Redis } from 'ioredis';

/**
 * The record of accepted interaction requests, shared by every replica of the interactions endpoint: one key per
 * request, set only if absent (`SET NX`) and expiring on its own (`PX`), so a replay is refused by whichever replica
 * it reaches and the record never grows beyond the requests of the last few minutes.
 */
export function redisReplayGuard(redis: Redis, prefix: string) {
  return {
    async firstSeen(key: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(`${prefix}:interaction-seen:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
  };
}
