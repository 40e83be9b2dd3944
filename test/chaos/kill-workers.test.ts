import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { type HeraldProcess, runHerald } from '../support/herald-process.js';
import { createPgSchema } from '../support/pg-schema.js';
import { waitFor } from '../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const APP_ID = '900000000000000002';
const TOKEN = 'fake-bot-token';
const GUILD = '910000000000000002';
const CHANNELS = Array.from({ length: 50 }, (_, i) => String(920000000000000100n + BigInt(i)));
const ARTICLES = 200;
const WORKERS = 3;
const KILLS = 3;

const story = (n: number): FakeRssItem => ({
  guid: `urn:chaos:${n}`,
  title: `Chaos story ${n}`,
  link: `https://chaos.example/story-${n}`,
  pubDate: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toUTCString(),
  description: `<p>Chaos story ${n} is a test article. It has two sentences for the extractive summary.</p>`,
});

/**
 * Several worker processes share one Redis and one database; one of them is killed with SIGKILL at random moments
 * while 200 articles go out to 50 channels. Every (article, channel) pair must end up with exactly one message.
 */
describe('workers killed mid-delivery', () => {
  let discord: FakeDiscord;
  let feeds: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  const prefix = `herald-chaos-${randomBytes(4).toString('hex')}`;
  const workers: HeraldProcess[] = [];

  beforeAll(async () => {
    discord = await startFakeDiscord({
      botToken: TOKEN,
      applicationId: APP_ID,
      guilds: [{ id: GUILD, name: 'Chaos', channels: CHANNELS.map((id, i) => ({ id, name: `news-${i}`, type: 0 })) }],
    });
    feeds = await startFeedServer();
    feeds.setRss('/chaos.xml', { title: 'Chaos News', link: 'https://chaos.example/', items: [] });
    if (process.env.TEST_DATABASE_URL) {
      const schema = await createPgSchema(process.env.TEST_DATABASE_URL);
      db = { url: schema.url, dispose: schema.drop };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'herald-chaos-'));
      db = { url: `sqlite:${join(dir, 'herald.db')}`, dispose: async () => rmSync(dir, { recursive: true }) };
    }
    // The feed is known and was polled once (empty), and all 50 channels follow it.
    const store = openStore(db.url);
    await store.migrate();
    const now = Date.now();
    const feed = await store.upsertFeed({
      url: feeds.url('/chaos.xml'),
      title: 'Chaos News',
      siteLink: null,
      language: 'en',
      intervalSeconds: 1,
      nextPollAt: now,
    });
    await store.recordPollSuccess(feed.id, {
      title: 'Chaos News',
      siteLink: null,
      language: 'en',
      etag: null,
      lastModified: null,
      bodyHash: null,
      polledAt: now,
      nextPollAt: now,
    });
    await store.putGuildSettings({ guildId: GUILD, language: 'source', style: 'brief' }, now);
    for (const channelId of CHANNELS) {
      await store.subscribe({ guildId: GUILD, channelId, feedId: feed.id, mentionRoleId: null }, now);
    }
    await store.close();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await Promise.all([discord?.close(), feeds?.close()]);
    await db?.dispose();
  });

  it('delivers every article to every channel exactly once, in order', async () => {
    const env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: db.url,
      FEED_ALLOW_PRIVATE: 'true',
      FEED_POLL_INTERVAL_SECONDS: '1',
      FEED_POLL_MIN_INTERVAL_SECONDS: '1',
      SCHEDULER_TICK_SECONDS: '1',
      // A killed worker's jobs go back to the queue after this long (30 s in production).
      JOB_LOCK_SECONDS: '2',
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < WORKERS; i++) workers.push(runHerald(['start', '--role', 'worker'], env));

    feeds.setRss('/chaos.xml', {
      title: 'Chaos News',
      link: 'https://chaos.example/',
      items: Array.from({ length: ARTICLES }, (_, i) => story(ARTICLES - i)),
    });

    const expected = ARTICLES * CHANNELS.length;
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill at a random moment while posts are flowing, then start a replacement.
      const floor = Math.floor((expected * (kill + 1)) / (KILLS + 2));
      await waitFor('posts to flow', () => discord.allMessages().length >= floor, 60_000, 20);
      const victim = Math.floor(Math.random() * workers.length);
      await workers[victim]!.kill();
      workers[victim] = runHerald(['start', '--role', 'worker'], env);
    }

    await waitFor('every post', () => discord.allMessages().length >= expected, 120_000, 200);
    // Let the restarted workers finish any job they recovered: nothing more may appear.
    const polls = feeds.requests.length;
    await waitFor('three more polls', () => feeds.requests.length >= polls + 3, 20_000);

    for (const channelId of CHANNELS) {
      const urls = discord.messages(channelId).map((m) => m.embeds[0]?.url);
      expect(urls).toEqual(Array.from({ length: ARTICLES }, (_, i) => `https://chaos.example/story-${i + 1}`));
    }
    expect(discord.allMessages()).toHaveLength(expected);
  }, 240_000);
});
