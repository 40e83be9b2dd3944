import { Redis } from 'ioredis';
import { type Logger, redactUrl } from '../log.js';

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

/** Resolves once Redis answers PING; rejects with a one-line reason naming the (password-free) URL otherwise. */
export async function checkRedis(redis: Redis, url: string): Promise<void> {
  try {
    await redis.ping();
  } catch (err) {
    throw new Error(`cannot reach Redis at ${redactUrl(url)} (REDIS_URL): ${(err as Error).message}`);
  }
}
