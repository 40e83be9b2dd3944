import { randomBytes } from 'node:crypto';
import { GatewayDispatchEvents } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { startBot } from '../../../src/discord/bot.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord/index.js';
import { databasesUnderTest, HARNESS_APP_ID, HARNESS_TOKEN, testDeps } from '../../support/bot-harness.js';
import { runHerald } from '../../support/herald-process.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));
// Two guilds one apart in the snowflake's timestamp bits: with two shards, each lands on a different one.
const GUILD_A = '930000000000000000';
const GUILD_B = String(BigInt(GUILD_A) + (1n << 22n));
const CHANNEL = (guildId: string) => String(BigInt(guildId) + 1n);

/** A fake Discord recommending two shards, with one guild on each. */
function startShardedDiscord(): Promise<FakeDiscord> {
  return startFakeDiscord({
    botToken: HARNESS_TOKEN,
    applicationId: HARNESS_APP_ID,
    shards: 2,
    // Both shards may identify at once, as Discord lets large bots do; with 1, discord.js spaces them 5 s apart.
    maxConcurrency: 2,
    interactionDeadlineMs: null,
    guilds: [GUILD_A, GUILD_B].map((id) => ({
      id,
      name: `Guild ${id.slice(-4)}`,
      channels: [{ id: CHANNEL(id), name: 'news', type: 0 }],
    })),
  });
}

const help = (guildId: string) => ({
  guildId,
  channelId: CHANNEL(guildId),
  userId: '940000000000000001',
  commandName: 'help',
});

describe('a sharded bot', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('connects one gateway session per recommended shard and answers each guild on its own shard', async () => {
    expect([shardOf(GUILD_A, 2), shardOf(GUILD_B, 2)]).toEqual([0, 1]);
    const discord = await startShardedDiscord();
    cleanups.push(() => discord.close());
    const db = await databasesUnderTest()[0]!.open();
    cleanups.push(() => db.dispose());
    const deps = await testDeps(db.url, {
      DISCORD_TOKEN: HARNESS_TOKEN,
      DISCORD_APPLICATION_ID: HARNESS_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
    });
    cleanups.push(() => deps.store.close());

    const client = await startBot(deps, commands, { token: HARNESS_TOKEN, api: discord.apiUrl, shards: 'auto' });
    cleanups.push(() => client.destroy());
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(client.guilds.cache.get(GUILD_A)?.shardId).toBe(0);
    expect(client.guilds.cache.get(GUILD_B)?.shardId).toBe(1);

    const received: number[] = [];
    client.ws.on(GatewayDispatchEvents.InteractionCreate, (_data, shardId) => received.push(shardId));
    const id = discord.sendInteraction(help(GUILD_B));
    const answer = await discord.waitForInteractionResponse(id);
    expect(answer.callbackType).toBe(4);
    expect(received).toEqual([1]);
  });

  it('runs with SHARD_COUNT=auto from the command line', async () => {
    const discord = await startShardedDiscord();
    cleanups.push(() => discord.close());
    const db = await databasesUnderTest()[0]!.open();
    cleanups.push(() => db.dispose());
    const bot = runHerald(['start', '--role', 'bot'], {
      SHARD_COUNT: 'auto',
      DISCORD_TOKEN: HARNESS_TOKEN,
      DISCORD_APPLICATION_ID: HARNESS_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `herald-shards-${randomBytes(4).toString('hex')}`,
    });
    cleanups.push(() => bot.kill());

    expect(await bot.waitForLog('discord bot ready', 60_000)).toMatchObject({ guilds: 2, shards: 2 });
    const answers = [GUILD_A, GUILD_B].map((guildId) =>
      discord.waitForInteractionResponse(discord.sendInteraction(help(guildId))),
    );
    expect((await Promise.all(answers)).map((a) => a.callbackType)).toEqual([4, 4]);
    expect(await bot.stop()).toBe(0);
  }, 90_000);
});
