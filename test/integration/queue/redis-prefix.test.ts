import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { start } from '../../../src/app/start.js';
import { databasesUnderTest, HARNESS_APP_ID, HARNESS_TOKEN, testDeps } from '../../support/bot-harness.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** An empty logical database of the test Redis, so that every key in it was written by the code under test. */
async function emptyDatabase(): Promise<{ url: string; redis: Redis }> {
  for (let db = 15; db >= 1; db--) {
    const redis = new Redis(`${REDIS_URL}/${db}`);
    if ((await redis.dbsize()) === 0) return { url: `${REDIS_URL}/${db}`, redis };
    redis.disconnect();
  }
  throw new Error('no empty Redis database among 1-15');
}

async function allKeys(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe('REDIS_KEY_PREFIX with a hash tag', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('puts every key Herald writes under the prefix, so a Redis Cluster keeps them in one slot', async () => {
    const prefix = `{herald-${randomBytes(4).toString('hex')}}`;
    const { url, redis } = await emptyDatabase();
    cleanups.push(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    const db = await databasesUnderTest()[0]!.open();
    cleanups.push(() => db.dispose());
    const deps = await testDeps(db.url, {
      REDIS_URL: url,
      REDIS_KEY_PREFIX: prefix,
      SCHEDULER_TICK_SECONDS: '1',
      DISCORD_TOKEN: HARNESS_TOKEN,
      DISCORD_APPLICATION_ID: HARNESS_APP_ID,
    });
    const app = await start(deps, 'worker');
    try {
      // The tick scheduler fires and its worker runs the tick; the shared Discord rate limit takes a slot.
      await waitFor('a completed tick', async () => (await redis.zcard(`${prefix}:tick:completed`)) > 0, 10_000);
      await deps.discordLimit!.take();
    } finally {
      await app.stop();
    }

    const keys = await allKeys(redis);
    expect(keys.some((k) => k.startsWith(`${prefix}:discord-global:`))).toBe(true);
    expect(keys).toContain(`${prefix}:tick:completed`);
    expect(keys).toContain(`${prefix}:maintenance:repeat`);
    expect(keys.filter((k) => !k.startsWith(`${prefix}:`))).toEqual([]);
  });
});
