import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedColour } from '../../../src/discord/render.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { discordLength, type FakeMessage } from '../../fakes/discord/index.js';
import {
  type DiscordHarness,
  FORUM,
  GUILD_A,
  NEWS,
  ROLE_A,
  SPORTS,
  startHarness,
} from '../../support/discord-harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const HOSTILE = '@everyone <@&123> **bold**';
const embedTotal = (m: FakeMessage) =>
  m.embeds.reduce(
    (n, e) =>
      n +
      discordLength(e.title ?? '') +
      discordLength(e.description ?? '') +
      discordLength(e.footer?.text ?? '') +
      discordLength(e.author?.name ?? ''),
    0,
  );

async function subscribeWith(channelId: string, options: { role?: string; max?: number; type?: number } = {}) {
  const feed = await h.feed(
    'https://news.example/feed',
    'Example News',
    [[GUILD_A, channelId]],
    'https://news.example/',
  );
  const [sub] = await h.deps.store.subscriptions.ofGuild(GUILD_A);
  await h.deps.store.subscriptions.configure(sub!.id, {
    mentionRoleId: options.role ?? null,
    maxPerHour: options.max ?? null,
    channelType: options.type ?? null,
  });
  return feed;
}

describe('posts as the fake Discord records them', () => {
  it('escapes a hostile headline, pings only the configured role, and carries the feed colour and favicon', async () => {
    const feed = await subscribeWith(NEWS, { role: ROLE_A });
    await h.article(feed.id, { key: 'x', title: HOSTILE, publishedAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    const [message] = h.discord.messages(NEWS);
    expect(message?.content).toBe(`<@&${ROLE_A}>`);
    expect(message?.mention_everyone).toBe(false);
    expect(message?.mention_roles).toEqual([ROLE_A]);
    expect(message?.allowed_mentions).toEqual({ parse: [], roles: [ROLE_A] });
    const embed = message?.embeds[0];
    expect(embed).toMatchObject({
      title: '@\u200beveryone <\u200b@&123> \\*\\*bold\\*\\*',
      url: 'https://news.example/x',
      timestamp: '2026-01-02T03:04:05.000Z',
      color: feedColour({ id: feed.id, url: feed.url }),
      footer: { text: 'Example News · extractive summary', icon_url: 'https://news.example/favicon.ico' },
    });
  });

  it('posts one line in the compact layout, the headline escaped and not unfurled', async () => {
    const feed = await subscribeWith(NEWS);
    await h.deps.store.guilds.put(
      { guildId: GUILD_A, language: 'source', style: 'standard', layout: 'compact', timezone: 'UTC', filler: 'post' },
      0,
    );
    await h.article(feed.id, { key: 'x', title: HOSTILE });
    await deliverChannel(h.deps, NEWS);
    const [message] = h.discord.messages(NEWS);
    expect(message?.content).toBe(
      '**[@\u200beveryone <\u200b@&123> \\*\\*bold\\*\\*](<https://news.example/x>)** · Example News',
    );
    expect(message?.embeds).toEqual([]);
    expect(message?.mention_everyone).toBe(false);
    expect(message?.mention_roles).toEqual([]);
  });

  it('stays within every limit with huge CJK and emoji text, never splitting a character', async () => {
    const feed = await subscribeWith(NEWS);
    const title = '台灣😀👨‍👩‍👧'.repeat(200);
    await h.article(feed.id, {
      key: 'huge',
      title,
      contentText: Array.from(
        { length: 400 },
        (_, i) => `第${i}句：半導體產業👨‍👩‍👧持續成長，台灣海峽情勢受到關注。`,
      ).join(''),
    });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, failed: 0 });
    const [message] = h.discord.messages(NEWS);
    const embed = message!.embeds[0]!;
    expect(discordLength(embed.title!)).toBeLessThanOrEqual(256);
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(title.startsWith(embed.title!.slice(0, -1))).toBe(true);
    expect(discordLength(embed.description!)).toBeLessThanOrEqual(4096);
    expect(embedTotal(message!)).toBeLessThanOrEqual(6000);
    expect(JSON.stringify(message)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
  });

  it('starts one forum post per article, its name cut to 100 characters', async () => {
    const feed = await subscribeWith(FORUM, { type: 15 });
    // The harness's bot role lacks Send Messages in Threads, which posting a new forum post does not need.
    const long = `${'台灣海峽'.repeat(30)}😀`;
    await h.article(feed.id, { key: 'f1', title: long });
    await h.article(feed.id, { key: 'f2', title: 'Short title' });
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 2 });
    const threads = h.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${FORUM}/threads`);
    expect(threads.map((r) => (r.body as { name: string }).name)).toEqual([
      `${'台灣海峽'.repeat(24)}台灣海…`,
      'Short title',
    ]);
    expect(threads.every((r) => r.status === 200)).toBe(true);
    expect(h.discord.messages(FORUM)).toEqual([]);
  });

  it('folds articles past max-per-hour into one roundup message', async () => {
    const feed = await subscribeWith(SPORTS, { max: 2 });
    for (let i = 1; i <= 5; i++) {
      await h.article(feed.id, { key: `s${i}`, title: `Story ${i}`, publishedAt: Date.UTC(2026, 0, 1, 0, i) });
    }
    expect(await deliverChannel(h.deps, SPORTS)).toMatchObject({ sent: 5, roundups: 1 });
    const messages = h.discord.messages(SPORTS);
    expect(messages.map((m) => m.embeds[0]?.title)).toEqual(['Story 1', 'Story 2', '3 more stories from Example News']);
    expect(messages[2]?.embeds[0]?.description).toBe(
      '• [Story 3](https://news.example/s3)\n• [Story 4](https://news.example/s4)\n• [Story 5](https://news.example/s5)',
    );
    expect(messages[2]?.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('gets every post through a 429 storm, once each, in order', async () => {
    const feed = await subscribeWith(NEWS);
    for (let i = 1; i <= 4; i++) {
      await h.article(feed.id, { key: `r${i}`, title: `Rate ${i}`, publishedAt: Date.UTC(2026, 0, 1, 0, i) });
    }
    h.discord.setRateLimit({ perChannelPerSecond: 2 });
    // Both runs share the nonce per delivery, as a duplicated job would.
    await Promise.all([deliverChannel(h.deps, NEWS), deliverChannel(h.deps, NEWS)]);
    h.discord.setRateLimit(null);
    expect(h.discord.messages(NEWS).map((m) => m.embeds[0]?.title)).toEqual(['Rate 1', 'Rate 2', 'Rate 3', 'Rate 4']);
  });
});
