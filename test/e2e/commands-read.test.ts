import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/command-runner.js';
import {
  ADMIN,
  type DiscordHarness,
  GUILD_A,
  GUILD_B,
  MANAGE_GUILD,
  MEMBER,
  NEWS,
  OTHER_NEWS,
  SPORTS,
  startHarness,
} from '../support/discord-harness.js';
import { waitFor } from '../support/wait.js';

let h: DiscordHarness;
let feedA: number;
let feedB: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  h = await startHarness({ bot: true });
  feedA = (await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]])).id;
  feedB = (await h.feed('https://b.example/feed', 'B Secret News', [[GUILD_B, OTHER_NEWS]])).id;
});
afterAll(async () => {
  await h?.close();
});

const run = (input: Parameters<typeof runCommand>[1]) => runCommand(h, input);

describe('reading commands', () => {
  it('/subscriptions lists this server’s subscriptions in the user’s language, filtered by channel', async () => {
    const { content, ephemeral } = await run({ userId: MEMBER, commandName: 'subscriptions', locale: 'zh-TW' });
    expect(ephemeral).toBe(true);
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A))[0];
    expect(content).toBe(`**訂閱（1）**\n• \`${sub?.id}\` <#${NEWS}> ← **A News**`);
    const none = await run({ userId: MEMBER, commandName: 'subscriptions', options: { channel: SPORTS } });
    expect(none.content).toBe(`<#${SPORTS}> follows no feeds.`);
    const foreign = await run({ userId: MEMBER, commandName: 'subscriptions', options: { channel: OTHER_NEWS } });
    expect(foreign.content).toBe('That channel is not in this server.');
  });

  it('/latest shows the newest articles, escaping their Markdown and pinging no one', async () => {
    await h.article(feedA, { key: 'old', title: 'Old story', publishedAt: Date.UTC(2026, 0, 1) });
    await h.article(feedA, { key: 'new', title: '@everyone <@&123> **bold**', publishedAt: Date.UTC(2026, 0, 2) });
    const { content, first } = await run({ userId: MEMBER, commandName: 'latest', options: { count: 2 } });
    expect(first.ephemeral).toBe(false);
    expect(content).toBe(
      '**Latest from Newsroom**\n' +
        '• [@\u200beveryone <\u200b@&123> \\*\\*bold\\*\\*](<https://news.example/new>) · 2026-01-02 — A News\n' +
        '• [Old story](<https://news.example/old>) · 2026-01-01 — A News',
    );
    expect(first.message?.mention_everyone).toBe(false);
    expect(first.message?.mention_roles).toEqual([]);
    const foreign = await run({ userId: MEMBER, commandName: 'latest', options: { feed: String(feedB) } });
    expect(foreign.content).toContain('That feed is not followed in this server.');
  });

  it('/help answers in the user’s language', async () => {
    const { content } = await run({ userId: MEMBER, commandName: 'help', locale: 'zh-CN' });
    expect(content.split('\n')[0]).toBe('**Herald** 会为此服务器关注的来源的每条新报道发布简短摘要。');
  });
});

describe('/search', () => {
  it('pages through this server’s articles with buttons and never shows another server’s', async () => {
    for (let i = 1; i <= 7; i++) {
      await h.article(feedA, { key: `harbour-${i}`, title: `Harbour works ${i}`, publishedAt: Date.UTC(2026, 1, i) });
    }
    await h.article(feedB, { key: 'harbour-secret', title: 'Harbour secret elsewhere' });
    const first = await run({ userId: MEMBER, commandName: 'search', options: { query: 'harbour' } });
    expect(first.content.split('\n')[0]).toBe('**Results for “harbour”** — page 1 of 2 (7 articles)');
    expect(first.content).toContain('[Harbour works 7](<https://news.example/harbour-7>) · 2026-02-07 — A News');
    expect(first.content).not.toContain('secret');
    const answer = h.discord.interactionResponses(first.id).find((r) => r.kind === 'edit-original');
    const row = answer?.message?.components?.[0] as { components: Array<{ custom_id: string; disabled?: boolean }> };
    expect(row.components.map((b) => [b.custom_id, b.disabled ?? false])).toEqual([
      ['search:page:0:harbour', true],
      ['search:page:2:harbour', false],
    ]);
    const next = await run({
      userId: MEMBER,
      type: 3,
      customId: 'search:page:2:harbour',
      messageId: answer?.message?.id,
    });
    expect(next.first.callbackType).toBe(7);
    expect(next.content.split('\n')[0]).toBe('**Results for “harbour”** — page 2 of 2 (7 articles)');
    expect(next.content).toContain('Harbour works 1');
    expect(next.content).not.toContain('secret');
  });

  it('narrows by feed and date with its options, and refuses a feed id that is not from the list', async () => {
    const feedC = (await h.feed('https://c.example/feed', 'C Harbour Weekly', [[GUILD_A, SPORTS]])).id;
    await h.article(feedC, { key: 'c-old', title: 'Harbour history', publishedAt: Date.UTC(2020, 0, 1) });
    await h.article(feedC, { key: 'c-new', title: 'Harbour today', publishedAt: Date.UTC(2026, 2, 1) });
    const byFeed = await run({
      userId: MEMBER,
      commandName: 'search',
      options: { query: 'harbour', feed: String(feedC) },
    });
    expect(byFeed.content.split('\n')[0]).toBe(`**Results for “harbour feed:${feedC}”** — page 1 of 1 (2 articles)`);
    expect(byFeed.content).not.toContain('Harbour works');
    const recent = await run({
      userId: MEMBER,
      commandName: 'search',
      options: { query: 'harbour', feed: String(feedC), since: '2025-01-01' },
    });
    expect(recent.content).toContain('Harbour today');
    expect(recent.content).not.toContain('Harbour history');
    const forged = await run({ userId: MEMBER, commandName: 'search', options: { query: 'harbour', feed: 'DROP' } });
    expect(forged.content).toBe('Pick the feed from the list as you type.');
  });
});

describe('/summarize', () => {
  it('summarizes a page in a public embed and explains a page without an article', async () => {
    const { startFeedServer } = await import('../fakes/feed-server.js');
    const pages = await startFeedServer();
    try {
      const paragraph = 'The harbour authority approved a new pier on Monday after months of debate among residents.';
      pages.setHandler('/story.html', (_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(
          `<html><head><title>Pier approved</title></head><body><article><h1>Pier approved</h1>${`<p>${paragraph}</p>`.repeat(6)}</article></body></html>`,
        );
      });
      pages.setHandler('/empty.html', (_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end('<html><body><p>Log in</p></body></html>');
      });
      const ok = await h.interact({
        userId: MEMBER,
        commandName: 'summarize',
        options: { url: pages.url('/story.html') },
      });
      expect(ok.first.callbackType).toBe(5);
      expect(ok.first.delayMs).toBeLessThan(3000);
      // The answer is an embed without text content.
      const edit = await waitFor('the summary', () =>
        h.discord.interactionResponses(ok.id).find((r) => r.kind === 'edit-original'),
      );
      const embed = edit?.message?.embeds[0];
      expect(embed?.url).toBe(pages.url('/story.html'));
      expect(embed?.title).toContain('Pier approved');
      expect(embed?.description).toContain('harbour authority approved a new pier');
      expect(edit?.message?.flags ?? 0).toBe(0);
      const empty = await run({ userId: MEMBER, commandName: 'summarize', options: { url: pages.url('/empty.html') } });
      expect(empty.content).toBe(`Found no article on ${pages.url('/empty.html')}.`);
    } finally {
      await pages.close();
    }
  });
});

describe('/settings', () => {
  it('shows the defaults, saves valid changes and refuses an unknown time zone or language', async () => {
    const shown = await run({ ...admin, commandName: 'settings' });
    expect(shown.content).toBe(
      '**Settings**\nLanguage: `source`\nSummary style: `standard`\nTemplate: `full`\nTime zone: `UTC`\nFiller (ads, horoscopes, quizzes…): `post`\nOne post per story: `on` (copies within 48 h are added to the first post)',
    );
    const saved = await run({
      ...admin,
      commandName: 'settings',
      options: { language: 'zh-tw', style: 'brief', template: 'compact', timezone: 'Asia/Taipei' },
    });
    expect(saved.content).toBe(
      'Settings saved.\n**Settings**\nLanguage: `zh-TW`\nSummary style: `brief`\nTemplate: `compact`\nTime zone: `Asia/Taipei`\nFiller (ads, horoscopes, quizzes…): `post`\nOne post per story: `on` (copies within 48 h are added to the first post)',
    );
    expect(await h.deps.store.guilds.get(GUILD_A)).toEqual({
      guildId: GUILD_A,
      language: 'zh-TW',
      style: 'brief',
      layout: 'compact',
      timezone: 'Asia/Taipei',
      filler: 'post',
    });
    const badZone = await run({ ...admin, commandName: 'settings', options: { timezone: 'Mars/Olympus' } });
    expect(badZone.content).toBe(
      '"Mars/Olympus" is not a time zone I know. Use an IANA name such as `Europe/Berlin` or `Asia/Taipei`.',
    );
    const badLanguage = await run({ ...admin, commandName: 'settings', options: { language: 'not a tag!' } });
    expect(badLanguage.content).toContain('is not a language tag');
    const member = await run({ userId: MEMBER, commandName: 'settings', options: { template: 'full' } });
    expect(member.content).toContain('Manage Server');
    expect((await h.deps.store.guilds.get(GUILD_A))?.layout).toBe('compact');
  });
});
