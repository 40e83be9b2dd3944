import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { Routes } from 'discord-api-types/v10';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGlobalLimit, type GlobalLimit, globalLimitKey } from '../../../src/discord/global-limit.js';
import { createRest, createRestPoster, PostError } from '../../../src/discord/poster.js';
import { createLogger } from '../../../src/log.js';
import { createRedis } from '../../../src/queue/connection.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'fake-bot-token';
const APP_ID = '900000000000000007';
const GUILD = '910000000000000007';
const CHANNELS = Array.from({ length: 60 }, (_, i) => String(920000000000000700n + BigInt(i)));
const RATE = 100;
const log = createLogger('silent');

/** The most of `times` (ms) that fall into one window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (const [end, t] of sorted.entries()) {
    while (t - (sorted[start] as number) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Two limits on one key over their own Redis connections: two worker processes of one bot, as Redis sees them. */
function twoProcesses(key: string): GlobalLimit[] {
  return [0, 1].map(() => createGlobalLimit(() => new Redis(REDIS_URL), { key, perSecond: RATE }));
}

describe('the global rate limit shared through Redis', () => {
  const prefix = `herald-test-${randomBytes(4).toString('hex')}`;
  const limits: GlobalLimit[] = [];
  let discord: FakeDiscord;

  beforeAll(async () => {
    discord = await startFakeDiscord({
      botToken: TOKEN,
      applicationId: APP_ID,
      guilds: [{ id: GUILD, name: 'Limits', channels: CHANNELS.map((id, i) => ({ id, name: `news-${i}`, type: 0 })) }],
    });
  });
  afterEach(async () => {
    await Promise.all(limits.splice(0).map((l) => l.close()));
    discord.setRateLimit(null);
  });
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await discord.close();
  });

  it('lets two processes together take no more than the rate in any one second', async () => {
    limits.push(...twoProcesses(globalLimitKey(`${prefix}-a`, APP_ID)));
    const granted: number[] = [];
    // 20 callers per process, 150 takes per process: far more than the rate asks for at once.
    await Promise.all(
      limits.flatMap((limit) =>
        Array.from({ length: 20 }, async (_, caller) => {
          for (let i = caller; i < 150; i += 20) {
            await limit.take();
            granted.push(performance.now());
          }
        }),
      ),
    );
    expect(granted).toHaveLength(300);
    expect(busiestSecond(granted)).toBeLessThanOrEqual(RATE);
  });

  it('gets a burst of 300 posts from two workers through the fake Discord at its global limit without one 429', async () => {
    discord.setRateLimit({ globalPerSecond: RATE, perChannelPerSecond: 5 });
    limits.push(...twoProcesses(globalLimitKey(`${prefix}-b`, APP_ID)));
    const posters = limits.map((limit) => createRestPoster(createRest(TOKEN, discord.apiUrl, limit)));
    const before = discord.requests.length;

    await Promise.all(
      posters.flatMap((poster, worker) =>
        Array.from({ length: 150 }, (_, i) =>
          poster.post(CHANNELS[i % CHANNELS.length] as string, { content: `w${worker} #${i}` }, `b-${worker}-${i}`),
        ),
      ),
    );

    const requests = discord.requests.slice(before);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    expect(requests.filter((r) => r.status === 200)).toHaveLength(300);
    // As the fake saw them arrive, too: never more than the limit in one second.
    expect(busiestSecond(requests.map((r) => r.at))).toBeLessThanOrEqual(RATE);
    expect(discord.allMessages().filter((m) => m.content?.startsWith('w'))).toHaveLength(300);
  });

  it('takes no token for interaction responses, one for every other request', async () => {
    let takes = 0;
    const counting: GlobalLimit = {
      async take() {
        takes++;
      },
      async close() {},
    };
    const rest = createRest(TOKEN, discord.apiUrl, counting);
    await rest.get(Routes.channel(CHANNELS[0]!));
    await rest
      .post(Routes.interactionCallback('930000000000000001', 'no-such-token'), { body: { type: 1 }, auth: false })
      .catch(() => undefined);
    expect(discord.requests.at(-1)?.path).toBe('/interactions/930000000000000001/no-such-token/callback');
    expect(takes).toBe(1);
  });

  it('fails a post as transient instead of hanging when Redis cannot be reached', async () => {
    const limit = createGlobalLimit(() => createRedis('redis://127.0.0.1:1', 'producer', log), {
      key: globalLimitKey(prefix, APP_ID),
      perSecond: RATE,
    });
    limits.push(limit);
    const poster = createRestPoster(createRest(TOKEN, discord.apiUrl, limit));
    const before = discord.messages(CHANNELS[0]!).length;

    const failure = await poster.post(CHANNELS[0]!, { content: 'never' }, 'redis-down').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PostError);
    expect((failure as PostError).kind).toBe('transient');
    expect(discord.messages(CHANNELS[0]!)).toHaveLength(before);
  });

  it('stops waiting for a Redis that never answers when the request is aborted', async () => {
    // Accepts connections and says nothing, like a Redis stuck behind a dead network path.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const limit = createGlobalLimit(() => createRedis(`redis://127.0.0.1:${port}`, 'producer', log), {
      key: globalLimitKey(prefix, APP_ID),
      perSecond: RATE,
    });
    limits.push(limit);
    try {
      const controller = new AbortController();
      const taken = limit.take(controller.signal);
      // As @discordjs/rest does when its request timeout passes.
      setTimeout(() => controller.abort(), 200);
      await expect(taken).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await limit.close();
      silent.close();
    }
  });

  it('keys the limit by a hash of the bot, never the token itself', () => {
    const key = globalLimitKey('{herald}', TOKEN);
    expect(key).toMatch(/^\{herald\}:discord-global:[0-9a-f]{16}$/);
    expect(key).not.toContain(TOKEN);
    expect(globalLimitKey('{herald}', TOKEN)).toBe(key);
    expect(globalLimitKey('{herald}', APP_ID)).not.toBe(key);
  });
});
