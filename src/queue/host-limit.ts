import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { HostLimit } from '../ports/host-limit.js';

/** A slot is held at most this long: the fetch timeout and then some, so a dead holder's slot frees itself. */
export const HOST_LEASE_MS = 60_000;
/** How long a poll waits when every slot of its host is taken: fetches take a second or two. */
const BUSY_RETRY_MS = 2_000;

// Two sorted sets per host, on Redis's clock (worker clocks may disagree): the slots held, scored by when their lease
// ends, and the requests of the last minute, scored by when they were made. Expired leases and requests older than a
// minute are dropped first; then a slot is granted only if both counts are below their caps, all in one step.
// Returns -1 when every slot is held, the ms until the oldest request leaves the minute when the minute is full, and 0
// when the slot is taken.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + 60000 - now)
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], lease)
redis.call('PEXPIRE', KEYS[2], 60000)
return 0
`;

export interface HostLimitOptions {
  prefix: string;
  maxConcurrent: number;
  maxPerMinute: number;
  /** How long an unreleased slot is held; {@link HOST_LEASE_MS} unless a test shortens it. */
  leaseMs?: number;
}

/**
 * A {@link HostLimit} kept in Redis, so every worker process sharing it counts the same fetches. `connect` is called
 * on the first `take`, so a process that never polls never connects.
 */
export function createRedisHostLimit(connect: () => Redis, options: HostLimitOptions): HostLimit {
  const leaseMs = options.leaseMs ?? HOST_LEASE_MS;
  let redis: Redis | null = null;
  return {
    async take(host) {
      redis ??= connect();
      const conn = redis;
      // The braces make both keys of a host hash to one slot of a Redis Cluster, as a script's keys must.
      const base = `${options.prefix}:host-limit:{${host.toLowerCase()}}`;
      const active = `${base}:active`;
      const token = randomUUID();
      const reply = Number(
        await conn.eval(TAKE, 2, active, `${base}:recent`, options.maxConcurrent, options.maxPerMinute, leaseMs, token),
      );
      if (reply === -1) return { granted: false, retryInMs: BUSY_RETRY_MS + Math.floor(Math.random() * 1000) };
      if (reply > 0) return { granted: false, retryInMs: reply + Math.floor(Math.random() * 1000) };
      return {
        granted: true,
        async release() {
          await conn.zrem(active, token);
        },
      };
    },
    async close() {
      redis?.disconnect();
      redis = null;
    },
  };
}
