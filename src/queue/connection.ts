import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { CONNECT_TIMEOUT_MS, unavailable } from '../unavailable.js';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (their blocking commands must wait through
 * a Redis restart instead of failing); producers give up on a command after a few reconnection attempts, so a slash
 * command never hangs on a dead Redis.
 */
export function createRedis(url: string, purpose: 'worker' | 'producer', log: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: purpose === 'worker' ? null : 3 });
  // ioredis reconnects by itself; without a listener it would print every failed attempt with a stack trace.
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    log.warn({ purpose, err: err.message }, 'redis connection error; reconnecting');
  });
  return redis;
}

/**
 * Checks once, on a connection of its own, that Redis at `url` can be used as configured, before anything relies on
 * it: reachable, speaking the URL's protocol (plain or TLS), accepting its password and database number, within
 * {@link CONNECT_TIMEOUT_MS}. The connections Herald then keeps reconnect forever, which is right for an outage but
 * would hide a misconfiguration behind endless retries.
 * @throws UnavailableError naming REDIS_URL and the password-free URL
 */
export async function probeRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects with "Connection is closed." and reports the reason (refused, timed out, bad database) as an event.
  let reason: Error | undefined;
  probe.on('error', (err: Error) => {
    reason ??= err;
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs + 1_000);
  });
  try {
    await Promise.race([check(probe), deadline]);
  } catch (err) {
    let cause = reason ?? err;
    // ioredis's words for a command that got no answer (AUTH, SELECT, PING).
    if (/Command timed out/.test(String(cause))) cause = new Error(`no answer within ${timeoutMs / 1000} s`);
    const hint =
      url.startsWith('rediss:') && /ETIMEDOUT|no answer|wrong version|packet length/i.test(String(cause))
        ? ' (rediss:// speaks TLS: is this Redis set up for TLS, or is redis:// meant?)'
        : '';
    throw unavailable('use Redis', 'REDIS_URL', url, cause, hint);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}

async function check(probe: Redis): Promise<void> {
  await probe.connect();
  // ioredis selects the URL's database on connect but only reports a refusal as an event, and stays on database 0.
  if (probe.options.db) await probe.select(probe.options.db);
  await probe.ping();
}
