import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDisableNotices } from '../../../src/pipeline/poll/feed-failure.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import {
  type BotHarness,
  databasesUnderTest,
  MANAGE_GUILD,
  responseText,
  startBotHarness,
  type TestDatabase,
} from '../../support/bot-harness.js';

const G1 = '910000000000000001';
const G2 = '910000000000000002';
const G3 = '910000000000000003';
const C1 = '920000000000000001';
const C2 = '920000000000000002';
const C3 = '920000000000000003';
const ADMIN = '930000000000000001';
const MEMBER = '930000000000000002';
const MINUTE = 60_000;

describe.each(databasesUnderTest())('failing feeds, /feed list and /feed retry on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let bot: BotHarness;
  let clock = Date.UTC(2026, 0, 5, 12, 0, 0);

  beforeAll(async () => {
    feeds = await startFeedServer();
    db = await database.open();
    bot = await startBotHarness({
      databaseUrl: db.url,
      now: () => clock,
      env: { FEED_POLL_INTERVAL_SECONDS: '600', FEED_POLL_MIN_INTERVAL_SECONDS: '120' },
      guilds: [
        { id: G1, name: 'One', channels: [{ id: C1, name: 'news', type: 0 }] },
        { id: G2, name: 'Two', channels: [{ id: C2, name: 'news', type: 0 }] },
        { id: G3, name: 'Three', channels: [{ id: C3, name: 'news', type: 0 }] },
      ],
    });
  });
  afterAll(async () => {
    await bot?.close();
    await feeds?.close();
    await db?.dispose();
  });

  const feedCommand = (guildId: string, channelId: string, sub: object, userId = ADMIN) =>
    bot.invoke({
      guildId,
      channelId,
      userId,
      memberPermissions: userId === ADMIN ? MANAGE_GUILD : 0n,
      commandName: 'feed',
      options: [sub as never],
    });

  it('backs off, disables after 11 failures, tells each channel once, lists it, and retry turns it back on', async () => {
    feeds.setRss('/flaky.xml', {
      title: 'Flaky News',
      link: 'https://flaky.example/',
      items: [{ guid: 'a', title: 'A', link: 'https://flaky.example/a' }],
    });
    const url = feeds.url('/flaky.xml');
    for (const [guildId, channelId] of [
      [G1, C1],
      [G2, C2],
    ] as const) {
      const added = await feedCommand(guildId, channelId, {
        type: 1,
        name: 'add',
        options: [{ type: 3, name: 'url', value: url }],
      });
      expect(responseText(added)).toContain('Flaky News');
    }
    const feed = await bot.deps.store.feeds.byUrl(url);
    if (!feed) throw new Error('feed not stored');

    feeds.setFeed('/flaky.xml', { contentType: 'text/plain', body: 'down', status: 500 });
    const delays: number[] = [];
    for (let i = 1; i <= 11; i++) {
      clock += MINUTE;
      const outcome = await pollFeed(bot.deps, feed.id);
      expect(outcome).toMatchObject({ status: 'failed', disabled: i === 11 });
      const health = await bot.deps.store.feeds.get(feed.id);
      expect(health).toMatchObject({ failureCount: i, lastErrorKind: 'http' });
      delays.push((health?.nextPollAt ?? 0) - clock);
    }
    // 10 min × 2^n, capped at a day.
    expect(delays.slice(0, 4)).toEqual([10, 20, 40, 80].map((m) => m * MINUTE));
    expect(delays[10]).toBe(24 * 60 * MINUTE);

    const notices = [...bot.discord.messages(C1), ...bot.discord.messages(C2)];
    expect(notices).toHaveLength(2);
    for (const notice of notices) {
      expect(notice.content).toContain('Herald stopped checking the feed **Flaky News**');
      expect(notice.content).toContain('HTTP 500');
      expect(notice.content).toContain(`/feed retry feed:${feed.id}`);
      expect(notice.allowed_mentions).toEqual({ parse: [] });
      expect(notice.embeds ?? []).toEqual([]);
    }
    // A disabled feed is not polled again, and nothing is sent twice.
    expect(await pollFeed(bot.deps, feed.id)).toEqual({ status: 'skipped' });
    const disabled = await bot.deps.store.feeds.get(feed.id);
    expect(disabled && (await sendDisableNotices(bot.deps, disabled))).toBe(0);
    expect(bot.discord.messages(C1)).toHaveLength(1);

    const listed = await feedCommand(G1, C1, { type: 1, name: 'list' });
    expect(listed.ephemeral).toBe(true);
    expect(responseText(listed)).toMatch(/\*\*\d+\. Flaky News\*\*/);
    expect(responseText(listed)).toContain('disabled');
    expect(responseText(listed)).toContain('after 11 failures in a row');
    expect(responseText(listed)).toContain('last error (http): HTTP 500');

    const denied = await feedCommand(G1, C1, { type: 1, name: 'list' }, MEMBER);
    expect(responseText(denied)).toContain('Manage Server');

    // Another server cannot touch a feed it does not follow, by number or by address.
    for (const value of [String(feed.id), url]) {
      const foreign = await feedCommand(G3, C3, {
        type: 1,
        name: 'retry',
        options: [{ type: 3, name: 'feed', value }],
      });
      expect(responseText(foreign)).toContain('No feed of this server matches that');
    }
    expect((await bot.deps.store.feeds.get(feed.id))?.disabledAt).not.toBeNull();

    feeds.setRss('/flaky.xml', {
      title: 'Flaky News',
      link: 'https://flaky.example/',
      items: [
        { guid: 'b', title: 'B', link: 'https://flaky.example/b' },
        { guid: 'a', title: 'A', link: 'https://flaky.example/a' },
      ],
    });
    clock += MINUTE;
    const retried = await feedCommand(G1, C1, {
      type: 1,
      name: 'retry',
      options: [{ type: 3, name: 'feed', value: url }],
    });
    expect(responseText(retried)).toContain('**Flaky News** is on again');
    expect(await bot.deps.store.feeds.get(feed.id)).toMatchObject({
      disabledAt: null,
      failureCount: 0,
      nextPollAt: clock,
    });
    // Due now: the next tick claims it.
    expect((await bot.deps.store.feeds.claimDue(clock, clock + MINUTE, 10)).map((f) => f.id)).toEqual([feed.id]);
    const outcome = await pollFeed(bot.deps, feed.id);
    expect(outcome).toMatchObject({ status: 'polled', changed: true });
    expect(outcome.status === 'polled' && outcome.newArticleIds).toHaveLength(1);

    const healthy = responseText(await feedCommand(G1, C1, { type: 1, name: 'list' }));
    expect(healthy).toContain('✅ last success');
    expect(healthy).toContain('next poll <t:');
    expect(healthy).not.toContain('last error');
  }, 60_000);

  /** Follows a feed at `path` in C1 and C2 (G1, G2) and returns its id. */
  async function followedInTwoServers(path: string, title: string): Promise<number> {
    feeds.setRss(path, { title, link: 'https://x.example/', items: [{ guid: 'a', title: 'A' }] });
    for (const [guildId, channelId] of [
      [G1, C1],
      [G2, C2],
    ] as const) {
      await feedCommand(guildId, channelId, {
        type: 1,
        name: 'add',
        options: [{ type: 3, name: 'url', value: feeds.url(path) }],
      });
    }
    const feed = await bot.deps.store.feeds.byUrl(feeds.url(path));
    if (!feed) throw new Error('feed not stored');
    return feed.id;
  }

  it('disables a feed answering 410 Gone after one poll, with one notice per channel', async () => {
    const id = await followedInTwoServers('/gone-410.xml', 'Gone News');
    const before = [bot.discord.messages(C1).length, bot.discord.messages(C2).length];
    feeds.setFeed('/gone-410.xml', { contentType: 'text/plain', body: 'gone', status: 410 });
    clock += MINUTE;
    expect(await pollFeed(bot.deps, id)).toMatchObject({ status: 'failed', disabled: true });
    expect(await bot.deps.store.feeds.get(id)).toMatchObject({ failureCount: 1, failureLimit: 1 });
    const notices = [bot.discord.messages(C1).slice(before[0]), bot.discord.messages(C2).slice(before[1])];
    for (const channel of notices) {
      expect(channel).toHaveLength(1);
      expect(channel[0]?.content).toContain('Herald stopped checking the feed **Gone News**');
      expect(channel[0]?.content).toContain('HTTP 410');
    }
    expect(await pollFeed(bot.deps, id)).toEqual({ status: 'skipped' });
  });

  it('backs a 404 off four times faster and disables it at the 5th failure; a timeout-like 503 goes on', async () => {
    const missing = await followedInTwoServers('/moved.xml', 'Moved News');
    const busy = await followedInTwoServers('/busy.xml', 'Busy News');
    feeds.setFeed('/moved.xml', { contentType: 'text/plain', body: 'not here', status: 404 });
    feeds.setFeed('/busy.xml', { contentType: 'text/plain', body: 'busy', status: 503 });
    const delays: number[] = [];
    for (let i = 1; i <= 5; i++) {
      clock += MINUTE;
      expect(await pollFeed(bot.deps, missing)).toMatchObject({ status: 'failed', disabled: i === 5 });
      expect(await pollFeed(bot.deps, busy)).toMatchObject({ status: 'failed', disabled: false });
      delays.push(((await bot.deps.store.feeds.get(missing))?.nextPollAt ?? 0) - clock);
    }
    // 10 min × 4^n, capped at a day.
    expect(delays.slice(0, 4)).toEqual([10, 40, 160, 640].map((m) => m * MINUTE));
    const listed = responseText(await feedCommand(G1, C1, { type: 1, name: 'list' }));
    expect(listed).toContain('after 5 failures in a row');
    expect(listed).toContain('failing: 5 of 11 failures before it is disabled');
  });

  it('answers /feed list for a server with no feed', async () => {
    const text = responseText(await feedCommand(G3, C3, { type: 1, name: 'list' }));
    expect(text).toContain('This server follows no feed yet');
  });

  it('tells a zh-TW server in its language, and answers /feed list and /feed retry in the admin’s', async () => {
    await bot.deps.store.guilds.put({ guildId: G3, language: 'zh-TW', style: 'standard' }, clock);
    feeds.setRss('/down.xml', {
      title: 'Down News',
      link: 'https://down.example/',
      items: [{ guid: 'a', title: 'A', link: 'https://down.example/a' }],
    });
    const url = feeds.url('/down.xml');
    await feedCommand(G3, C3, { type: 1, name: 'add', options: [{ type: 3, name: 'url', value: url }] });
    const feed = await bot.deps.store.feeds.byUrl(url);
    if (!feed) throw new Error('feed not stored');
    feeds.setFeed('/down.xml', { contentType: 'text/plain', body: 'down', status: 500 });
    for (let i = 1; i <= 11; i++) {
      clock += MINUTE;
      await pollFeed(bot.deps, feed.id);
    }
    const [notice] = bot.discord.messages(C3).map((m) => m.content.split('\n'));
    expect(notice?.[0]).toBe(`Herald 已停止檢查來源 **Down News** (<${url}>)：它連續失敗了 11 次。`);
    expect(notice?.[1]).toMatch(/^最後的錯誤：HTTP 500.*。$/);
    expect(notice?.[2]).toBe(
      `在擁有「管理伺服器」權限的人執行 \`/feed retry feed:${feed.id}\` 之前，這裡不會發布它的任何內容。`,
    );

    const inChinese = (sub: object, locale: string) =>
      bot
        .invoke({
          guildId: G3,
          channelId: C3,
          userId: ADMIN,
          memberPermissions: MANAGE_GUILD,
          locale,
          commandName: 'feed',
          options: [sub as never],
        })
        .then(responseText);
    const listed = await inChinese({ type: 1, name: 'list' }, 'zh-TW');
    expect(listed).toMatch(/^\*\*此伺服器的來源\*\*（1）\n\n\*\*\d+\. Down News\*\* </);
    expect(listed).toMatch(/⛔ 已停用（<t:\d+:R>，連續失敗 11 次） · 上次錯誤（http）：HTTP 500/);
    expect(listed).toContain(`執行 \`/feed retry feed:${feed.id}\` 可重新啟用`);
    const retried = await inChinese(
      { type: 1, name: 'retry', options: [{ type: 3, name: 'feed', value: url }] },
      'zh-CN',
    );
    expect(retried).toBe('**Down News** 已重新启用；Herald 会在一分钟内检查它。`/feed list` 会显示结果。');
  });
});
