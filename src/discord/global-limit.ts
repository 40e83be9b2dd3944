import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultRestOptions, type RESTOptions } from '@discordjs/rest';
import type { Redis } from 'ioredis';

/**
 * Discord's global rate limit is counted per bot, not per process: worker processes that each kept to 50 requests/s
 * would together send N×50. A `GlobalLimit` is one pace shared through Redis by every process of one bot.
 */
export interface GlobalLimit {
  /**
   * Resolves when the caller may send one request; rejects when `signal` aborts first or Redis cannot be asked
   * (the request then fails and its job is retried, instead of waiting forever).
   */
  take(signal?: AbortSignal): Promise<void>;
  /** Closes the Redis connection, if one was opened. */
  close(): Promise<void>;
}

// Slots are spaced as if a second lasted this much longer (50/s becomes 47.6/s), so the jitter between processes,
// Redis and Discord cannot put one request too many into any one second of Discord's count.
const SLACK_MS = 50;
// A caller that sends later than this after its slot (a stalled event loop, a slow Redis reply) would eat into the
// slack and could land next to the following slot's request, so it takes a new slot instead, once (a process stalled
// that often sends anyway: a rare 429 costs less than starving). The 10 ms left of the slack absorb network jitter.
// Only callers that queued for their slot are checked: one whose slot was free at once crowds no one.
const LATE_MS = 40;
const LATE_RETRIES = 1;
// Slots are reserved at most this far ahead, below @discordjs/rest's 15 s request timeout (which includes the wait);
// a caller behind a longer queue waits without a slot and asks again.
const HORIZON_MS = 10_000;

// The token bucket in its GCRA form: one value, the time (µs, Redis's clock) when the next token is free. A caller
// reserves that slot (now, if it has passed) and moves it one interval on, so callers are served first come, first
// served and never two per interval. Returns the wait in µs, or minus the wait when the slot is beyond the horizon
// (nothing reserved).
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or now))
local wait = slot - now
if wait > tonumber(ARGV[2]) then return -wait end
redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', math.ceil((wait + interval) / 1000) + 1000)
return wait
`;

/**
 * A limit of `perSecond` requests per second shared by everyone using `key` on the same Redis. `connect` is called
 * on the first `take`, so a process that never posts never connects.
 */
export function createGlobalLimit(connect: () => Redis, options: { key: string; perSecond: number }): GlobalLimit {
  const intervalUs = Math.ceil(((1000 + SLACK_MS) * 1000) / options.perSecond);
  let redis: Redis | null = null;

  return {
    async take(signal) {
      let retakes = 0;
      for (;;) {
        signal?.throwIfAborted();
        redis ??= connect();
        // Time spent connecting is not lateness: the slot is only picked once the script runs.
        if (redis.status !== 'ready') await untilAborted(redis.ping(), signal);
        const asked = performance.now();
        const reply = Number(
          await untilAborted(redis.eval(TAKE_SLOT, 1, options.key, intervalUs, HORIZON_MS * 1000), signal),
        );
        if (reply < 0) {
          await sleep(Math.max(1, -reply / 1000 - HORIZON_MS), undefined, { signal });
          continue;
        }
        if (reply === 0) return;
        const waitMs = reply / 1000;
        await sleep(waitMs, undefined, { signal });
        // The slot began no earlier than `asked + waitMs`: how late this caller is, at most.
        if (performance.now() - asked - waitMs <= LATE_MS || retakes++ >= LATE_RETRIES) return;
      }
    },
    async close() {
      // Nothing to flush: the state lives in Redis.
      redis?.disconnect();
      redis = null;
    },
  };
}

/** The Redis key of one bot's limit: the key prefix and a hash of the bot's application id or token, never the token. */
export function globalLimitKey(prefix: string, bot: string): string {
  return `${prefix}:discord-global:${createHash('sha256').update(bot).digest('hex').slice(0, 16)}`;
}

// Not counted against a bot's global limit on Discord: interaction callbacks. Everything else this client sends is:
// requests with the bot's token against the bot's limit, and channel webhook executes (sent without it) against the
// same 50/s per IP address; one pace keeps both under. (Interaction follow-ups go through the bot's own client.)
const EXEMPT = /\/v\d+\/interactions\//;

/**
 * `@discordjs/rest` options under which every request but interaction callbacks first waits for `limit`. The shared
 * limit replaces the library's per-process one; a global 429 is still waited out as its headers say.
 */
export function restOptionsFor(limit: GlobalLimit): Pick<RESTOptions, 'globalRequestsPerSecond' | 'makeRequest'> {
  return {
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    async makeRequest(url, init) {
      if (!EXEMPT.test(new URL(url).pathname)) await limit.take(init.signal ?? undefined);
      return DefaultRestOptions.makeRequest(url, init);
    },
  };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
