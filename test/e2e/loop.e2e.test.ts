import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../fakes/openai-server.js';
import { databasesUnderTest } from '../support/bot-harness.js';
import { type HeraldProcess, runHerald } from '../support/herald-process.js';
import { waitFor } from '../support/wait.js';

const APP_ID = '900000000000000001';
const TOKEN = 'fake-bot-token';
const GUILD = '910000000000000001';
const CHANNEL = '920000000000000001';
const ADMIN = '930000000000000001';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MANAGE_GUILD = 1n << 5n;

const databases = databasesUnderTest();

const item = (n: number, minutesAgo: number): FakeRssItem => ({
  guid: `urn:story:${n}`,
  title: `Story ${n}`,
  link: `https://news.example/story-${n}`,
  pubDate: new Date(Date.now() - minutesAgo * 60_000).toUTCString(),
  description: `<p>Story ${n} happened today. It is the ${n}th story of the day. Officials said more would follow.</p>`,
});

describe.each(databases)('the whole loop on $name with real Redis', (database) => {
  let discord: FakeDiscord;
  let openai: FakeOpenAiServer;
  let feeds: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let env: Record<string, string>;
  const prefix = `herald-e2e-${randomBytes(4).toString('hex')}`;
  let herald: HeraldProcess | null = null;

  beforeAll(async () => {
    discord = await startFakeDiscord({
      botToken: TOKEN,
      applicationId: APP_ID,
      guilds: [
        { id: GUILD, name: 'Newsroom', preferredLocale: 'en-US', channels: [{ id: CHANNEL, name: 'news', type: 0 }] },
      ],
    });
    openai = await startFakeOpenAiServer({ apiKey: 'sk-test' });
    feeds = await startFeedServer();
    feeds.setRss('/news.xml', {
      title: 'Example News',
      link: 'https://news.example/',
      items: [item(2, 60), item(1, 120)],
    });
    db = await database.open();
    env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MODEL: 'fake-model',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: db.url,
      FEED_ALLOW_PRIVATE: 'true',
      FEED_POLL_INTERVAL_SECONDS: '1',
      FEED_POLL_MIN_INTERVAL_SECONDS: '1',
      SCHEDULER_TICK_SECONDS: '1',
    };
  });

  afterAll(async () => {
    await herald?.stop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await Promise.all([discord?.close(), openai?.close(), feeds?.close()]);
    await db?.dispose();
  });

  it('posts each new story once, summarized, in publication order, and not again after a restart', async () => {
    const deploy = runHerald(['deploy-commands', '--guild', GUILD], env);
    expect(await deploy.exited).toBe(0);
    expect(
      discord
        .commands(GUILD)
        .map((c) => c.name)
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        'feed',
        'help',
        'latest',
        'search',
        'settings',
        'subscribe',
        'subscriptions',
        'unsubscribe',
      ]),
    );

    herald = runHerald(['start', '--role', 'all'], env);
    await herald.waitForLog('discord bot ready', 60_000);

    const interactionId = discord.sendInteraction({
      guildId: GUILD,
      channelId: CHANNEL,
      userId: ADMIN,
      memberPermissions: MANAGE_GUILD,
      commandName: 'feed',
      guildLocale: 'en-US',
      options: [{ type: 1, name: 'add', options: [{ type: 3, name: 'url', value: feeds.url('/news.xml') }] }],
    });
    const reply = await waitFor('the /feed add reply', () =>
      discord.interactionResponses(interactionId).find((r) => r.kind === 'edit-original'),
    );
    expect((reply.body as { content: string }).content).toContain('Following **Example News**');
    expect((reply.body as { content: string }).content).toContain('Story 2');
    // The items present when the feed was added are marked seen, never posted.
    expect(discord.messages(CHANNEL)).toHaveLength(0);

    feeds.setRss('/news.xml', {
      title: 'Example News',
      link: 'https://news.example/',
      items: [item(5, 1), item(4, 2), item(3, 3), item(2, 60), item(1, 120)],
    });
    const posts = await waitFor(
      'three posts',
      () => discord.messages(CHANNEL).length >= 3 && discord.messages(CHANNEL),
      30_000,
    );

    // Two more polls of the unchanged feed must post nothing more.
    const polled = feeds.requests.length;
    await waitFor('two more polls', () => feeds.requests.length >= polled + 2, 15_000);
    expect(discord.messages(CHANNEL)).toHaveLength(3);
    expect(posts.map((m) => m.embeds[0]?.title)).toEqual(['Summary: Story 3', 'Summary: Story 4', 'Summary: Story 5']);
    expect(posts.map((m) => m.embeds[0]?.url)).toEqual([
      'https://news.example/story-3',
      'https://news.example/story-4',
      'https://news.example/story-5',
    ]);
    expect(posts.every((m) => JSON.stringify(m.allowed_mentions) === JSON.stringify({ parse: [], roles: [] }))).toBe(
      true,
    );
    // One LLM call per story.
    expect(openai.requests).toHaveLength(3);

    expect(await herald.stop()).toBe(0);
    herald = runHerald(['start', '--role', 'all'], env);
    await herald.waitForLog('discord bot ready', 60_000);
    const before = feeds.requests.length;
    await waitFor('two polls after the restart', () => feeds.requests.length >= before + 2, 15_000);
    expect(discord.messages(CHANNEL)).toHaveLength(3);
    expect(openai.requests).toHaveLength(3);
  }, 120_000);
});
