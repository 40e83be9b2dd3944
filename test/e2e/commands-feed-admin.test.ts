import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/pipeline/poll/poll.js';
import type { FeedRow } from '../../src/store/store.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { runCommand } from '../support/command-runner.js';
import {
  ADMIN,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  GUILD_B,
  MANAGE_GUILD,
  MEMBER,
  NEWS,
  OTHER_NEWS,
  SPORTS,
  startHarness,
} from '../support/discord-harness.js';

const MINUTE = 60_000;
let h: DiscordHarness;
let feeds: FeedServer;
let clock = Date.UTC(2026, 10, 26, 8, 0, 0);
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };
const seconds = (ms: number) => Math.floor(ms / 1000);

beforeAll(async () => {
  feeds = await startFeedServer();
  h = await startHarness({
    bot: true,
    now: () => clock,
    env: {
      FEED_POLL_INTERVAL_SECONDS: '600',
      FEED_POLL_MIN_INTERVAL_SECONDS: '120',
      FEED_POLL_MAX_INTERVAL_SECONDS: '86400',
    },
  });
});
afterAll(async () => {
  await h?.close();
  await feeds?.close();
});

/** Runs `/feed <sub>` with string and integer options, as `user` in `guildId`. */
function feed(
  sub: string,
  options: Record<string, string | number>,
  {
    guildId = GUILD_A,
    channelId = NEWS,
    user = admin,
    locale,
  }: Partial<{
    guildId: string;
    channelId: string;
    user: { userId: string; memberPermissions: bigint };
    locale: string;
  }> = {},
) {
  return runCommand(h, {
    ...user,
    guildId,
    channelId,
    ...(locale && { locale }),
    commandName: 'feed',
    options: [
      {
        type: 1,
        name: sub,
        options: Object.entries(options).map(([name, value]) => ({
          name,
          value,
          type: typeof value === 'number' ? 4 : 3,
        })),
      } as never,
    ],
  });
}

const item = (key: string, extra: Record<string, string> = {}) => ({
  guid: `https://why.example/${key}`,
  title: `Story ${key}`,
  link: `https://why.example/${key}`,
  description: `<p>Story ${key} happened. Officials said more would follow.</p>`,
  ...extra,
});

async function addFeed(path: string, channelId = NEWS, guildId = GUILD_A): Promise<FeedRow> {
  const added = await feed('add', { url: feeds.url(path) }, { guildId, channelId });
  expect(added.content).toContain('Following');
  const row = await h.deps.store.feeds.byUrl(feeds.url(path));
  if (!row) throw new Error(`${path} not stored`);
  return row;
}

describe('/feed why', () => {
  let whyFeed: FeedRow;
  const ids = new Map<string, number>();
  const why = (url: string, guildId = GUILD_A, locale?: string) =>
    feed('why', { url }, { guildId, channelId: guildId === GUILD_A ? NEWS : OTHER_NEWS, ...(locale && { locale }) });
  const lineOf = (content: string, channelId: string) =>
    content.split('\n').find((l) => l.startsWith(`<#${channelId}>`)) ?? '';

  beforeAll(async () => {
    feeds.setRss('/why.xml', { title: 'Why News', link: 'https://why.example/', items: [item('old')] });
    whyFeed = await addFeed('/why.xml');
    await h.deps.store.subscriptions.create(
      { guildId: GUILD_A, channelId: SPORTS, feedId: whyFeed.id, mentionRoleId: null },
      clock,
    );
    clock += MINUTE;
    // A poll stores the new items (state `new`, a pending delivery for each channel).
    feeds.setRss('/why.xml', {
      title: 'Why News',
      link: 'https://why.example/',
      items: [item('old'), item('waiting'), item('guid-only', { guid: 'tag:why.example,2026:42' })],
    });
    const polled = await pollFeed(h.deps, whyFeed.id);
    expect(polled).toMatchObject({ status: 'polled', changed: true });
    const stored = await h.deps.store.articles.listNew(whyFeed.id);
    for (const a of stored) ids.set(a.title.replace('Story ', ''), a.id);
    // The rest as the summarize stage leaves them: summarized, a pending delivery per channel.
    for (const key of ['posted', 'roundup-1', 'roundup-2', 'filtered', 'too-old', 'filler', 'failed', 'queued']) {
      ids.set(key, await h.article(whyFeed.id, { key, title: `Story ${key}`, link: `https://why.example/${key}` }));
    }
    clock += MINUTE;
    const newsDelivery = async (key: string) => {
      const d = (await h.deps.store.deliveries.ofArticle(ids.get(key)!)).find((x) => x.channelId === NEWS);
      if (!d) throw new Error(`no delivery of ${key} to #news`);
      return d.id;
    };
    const { deliveries } = h.deps.store;
    await deliveries.markSent(await newsDelivery('posted'), '1700000000000000001', clock);
    await deliveries.markSent(await newsDelivery('roundup-1'), '1700000000000000002', clock);
    await deliveries.markSent(await newsDelivery('roundup-2'), '1700000000000000002', clock);
    await deliveries.markSkipped(await newsDelivery('filtered'), 'filter: title:foo -bar');
    await deliveries.markSkipped(await newsDelivery('too-old'), 'age: published 3 days before it was seen, limit 24 h');
    await deliveries.markSkipped(await newsDelivery('filler'), 'filler');
    await deliveries.markFailed(await newsDelivery('failed'), 'rejected: 50035 Invalid Form Body');
    // #sports loses access: its subscription is paused and its waiting posts dropped.
    clock += MINUTE;
    await h.deps.store.subscriptions.pauseChannel(SPORTS, 'no-access: Missing Access', clock);
    await deliveries.failPending(SPORTS, 'channel paused');
    // A channel that followed the feed after these stories were read.
    clock += MINUTE;
    await h.deps.store.subscriptions.create(
      { guildId: GUILD_A, channelId: FORUM, feedId: whyFeed.id, mentionRoleId: null },
      clock,
    );
  });

  it('says an item already in the feed when it was added was marked seen, in each channel', async () => {
    const answer = await why('https://why.example/old');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content.split('\n')[0]).toBe('**Story old** (Why News):');
    expect(lineOf(answer.content, NEWS)).toMatch(
      /^<#\d+>: it was already in the feed when Herald started following it \(<t:\d+:R>\), so it was marked seen and not posted$/,
    );
    expect(lineOf(answer.content, SPORTS)).toContain('marked seen');
  });

  it('links to the post, and to the roundup that carried it', async () => {
    const posted = await why('https://why.example/posted');
    expect(lineOf(posted.content, NEWS)).toBe(
      `<#${NEWS}>: posted: https://discord.com/channels/${GUILD_A}/${NEWS}/1700000000000000001`,
    );
    const roundup = await why('https://why.example/roundup-2');
    expect(lineOf(roundup.content, NEWS)).toBe(
      `<#${NEWS}>: posted in a roundup of 2 stories (the hourly limit was reached): https://discord.com/channels/${GUILD_A}/${NEWS}/1700000000000000002`,
    );
  });

  it('names the filter clause, the age limit, filler, and a failure’s reason', async () => {
    expect(lineOf((await why('https://why.example/filtered')).content, NEWS)).toBe(
      `<#${NEWS}>: filtered out by the subscription's filter: title:foo -bar`,
    );
    expect(lineOf((await why('https://why.example/too-old')).content, NEWS)).toBe(
      `<#${NEWS}>: skipped as too old for the subscription's age limit (published 3 days before it was seen, limit 24 h)`,
    );
    expect(lineOf((await why('https://why.example/filler')).content, NEWS)).toBe(
      `<#${NEWS}>: skipped as filler (this server's \`/settings filler\` is \`skip\`)`,
    );
    expect(lineOf((await why('https://why.example/failed')).content, NEWS)).toBe(
      `<#${NEWS}>: failed: rejected: 50035 Invalid Form Body`,
    );
  });

  it('says what is still waiting: for the LLM since when, or for its turn', async () => {
    const waiting = await why('https://why.example/waiting');
    expect(lineOf(waiting.content, NEWS)).toMatch(
      /^<#\d+>: waiting for its summary since <t:\d+:R>; it is posted once the summary is written$/,
    );
    const since = seconds(clock - 4 * MINUTE + MINUTE);
    expect(lineOf(waiting.content, NEWS)).toContain(`<t:${since}:R>`);
    const queued = await why('https://why.example/queued');
    expect(lineOf(queued.content, NEWS)).toMatch(
      /^<#\d+>: summarized and waiting for its turn in the channel since <t:\d+:R>$/,
    );
  });

  it('says a paused channel is paused, since when and why, and a later channel came after the story', async () => {
    const answer = await why('https://why.example/queued');
    expect(lineOf(answer.content, SPORTS)).toBe(
      `<#${SPORTS}>: not posted: the channel's subscription is paused since <t:${seconds(clock - MINUTE)}:R> (no-access: Missing Access)`,
    );
    expect(lineOf(answer.content, FORUM)).toBe(
      `<#${FORUM}>: Herald read it before this channel followed the feed (<t:${seconds(clock)}:R>)`,
    );
  });

  it('finds an article by its guid and by its link with tracking parameters and a fragment', async () => {
    const byGuid = await why('tag:why.example,2026:42');
    expect(byGuid.content.split('\n')[0]).toBe('**Story guid-only** (Why News):');
    const tracked = await why('https://WHY.example/posted?utm_source=x&fbclid=y#top');
    expect(tracked.content.split('\n')[0]).toBe('**Story posted** (Why News):');
  });

  it('says an address no feed of the server had, with the last check of each feed', async () => {
    const answer = await why('https://why.example/never');
    const lines = answer.content.split('\n');
    expect(lines[0]).toBe("None of this server's feeds has had an item at <https://why.example/never>.");
    expect(lines.find((l) => l.startsWith('**Why News**'))).toMatch(
      /^\*\*Why News\*\*: last check ✅ <t:\d+:R> · HTTP 200 · [\d.]+ KB · \d+ ms · 2 new$/,
    );
  });

  it('tells another server nothing of this one’s feeds and channels', async () => {
    await h.feed('https://b-only.example/feed', 'B Only', [[GUILD_B, OTHER_NEWS]]);
    const answer = await why('https://why.example/posted', GUILD_B);
    expect(answer.content).toContain("None of this server's feeds has had an item");
    expect(answer.content).not.toContain('Why News');
    expect(answer.content).not.toContain(NEWS);
    expect(answer.content).toContain('**B Only**: no check on record yet');

    // Once it follows the same feed, each server sees its own channels only.
    clock += MINUTE;
    await h.deps.store.subscriptions.create(
      { guildId: GUILD_B, channelId: OTHER_NEWS, feedId: whyFeed.id, mentionRoleId: null },
      clock,
    );
    const b = await why('https://why.example/posted', GUILD_B);
    expect(b.content.split('\n')).toEqual([
      '**Story posted** (Why News):',
      `<#${OTHER_NEWS}>: Herald read it before this channel followed the feed (<t:${seconds(clock)}:R>)`,
    ]);
    const a = await why('https://why.example/posted');
    expect(a.content).toContain(`<#${NEWS}>: posted`);
    expect(a.content).not.toContain(OTHER_NEWS);
  });

  it('answers in the member’s language', async () => {
    const tw = await why('https://why.example/posted', GUILD_A, 'zh-TW');
    expect(lineOf(tw.content, NEWS)).toBe(
      `<#${NEWS}>：已發布：https://discord.com/channels/${GUILD_A}/${NEWS}/1700000000000000001`,
    );
    const cn = await why('https://why.example/filler', GUILD_A, 'zh-CN');
    expect(lineOf(cn.content, NEWS)).toBe(
      `<#${NEWS}>：属于非新闻内容（广告、星座等）而跳过（此服务器的 \`/settings filler\` 为 \`skip\`）`,
    );
  });
});

describe('/feed history', () => {
  it('lists successes, a 304 and each failure kind, newest first, for this server’s feeds only', async () => {
    feeds.setRss('/h.xml', { title: 'History News', link: 'https://h.example/', items: [item('h1')] });
    const row = await addFeed('/h.xml');
    const poll = async () => {
      clock += MINUTE;
      return pollFeed(h.deps, row.id);
    };
    expect(await poll()).toMatchObject({ status: 'polled', changed: false }); // 304: the add's etag
    feeds.setRss('/h.xml', { title: 'History News', link: 'https://h.example/', items: [item('h1'), item('h2')] });
    expect(await poll()).toMatchObject({ status: 'polled', changed: true });
    feeds.setFeed('/h.xml', { contentType: 'text/plain', body: 'down', status: 503 });
    expect(await poll()).toMatchObject({ status: 'failed' });
    feeds.setFeed('/h.xml', { contentType: 'text/html', body: '<!doctype html><p>Moved</p>' });
    expect(await poll()).toMatchObject({ status: 'failed' });
    feeds.setFeed('/h.xml', { contentType: 'application/rss+xml', body: '<rss><channel><item></channel>' });
    expect(await poll()).toMatchObject({ status: 'failed' });
    feeds.setHandler('/h.xml', (req) => req.socket.destroy());
    expect(await poll()).toMatchObject({ status: 'failed' });
    // Kinds a local server cannot produce quickly (a 30-second timeout, 10 MiB, an address the guard refuses) or that
    // another part of Herald adds later: the history stores and shows whatever kind a failure has.
    for (const [kind, error] of [
      ['timeout', 'timed out after 30 s'],
      ['too-large', 'larger than 10 MiB'],
      ['refused', '10.0.0.1 is a private address'],
      ['blocked', 'HTTP 403 from h.example: a bot challenge'],
    ] as const) {
      clock += MINUTE;
      await h.deps.store.pollHistory.record({
        feedId: row.id,
        polledAt: clock,
        status: 'failed',
        httpStatus: kind === 'blocked' ? 403 : null,
        bytes: null,
        durationMs: 30,
        newItems: 0,
        errorKind: kind,
        error,
      });
    }

    const answer = await feed('history', { feed: String(row.id) });
    expect(answer.ephemeral).toBe(true);
    const [title, ...lines] = answer.content.split('\n');
    expect(title).toBe('The last 11 checks of **History News**, newest first:');
    expect(lines).toHaveLength(11);
    const pattern = [
      /^❌ <t:\d+:R> · HTTP 403 · 30 ms · failed \(blocked\): HTTP 403 from h\.example: a bot challenge$/,
      /^❌ <t:\d+:R> · 30 ms · failed \(refused\): 10\.0\.0\.1 is a private address$/,
      /^❌ <t:\d+:R> · 30 ms · failed \(too-large\): larger than 10 MiB$/,
      /^❌ <t:\d+:R> · 30 ms · failed \(timeout\): timed out after 30 s$/,
      /^❌ <t:\d+:R> · \d+ ms · failed \(network\): /,
      /^❌ <t:\d+:R> · \d+ ms · failed \(parse\): /,
      /^❌ <t:\d+:R> · \d+ ms · failed \(not-a-feed\): /,
      /^❌ <t:\d+:R> · HTTP 503 · \d+ ms · failed \(http\): HTTP 503 Service Unavailable from 127\.0\.0\.1:\d+$/,
      /^✅ <t:\d+:R> · HTTP 200 · [\d.]+ KB · \d+ ms · 1 new$/,
      /^✅ <t:\d+:R> · HTTP 304 · not modified · \d+ ms$/,
      // The check `/feed add` made, which marked the feed's items seen.
      /^✅ <t:\d+:R> · HTTP 200 · [\d.]+ KB · \d+ ms · 0 new$/,
    ];
    for (const [i, line] of lines.entries()) expect(line).toMatch(pattern[i]!);
    expect(lines[9]).toContain(`<t:${seconds(clock - 9 * MINUTE)}:R>`);

    const tw = await feed('history', { feed: String(row.id) }, { locale: 'zh-TW' });
    expect(tw.content.split('\n')[0]).toBe('**History News** 最近 11 次檢查（由新到舊）：');
    expect(tw.content).toMatch(/✅ <t:\d+:R> · HTTP 304 · 未修改 · \d+ 毫秒/);

    const foreign = await feed('history', { feed: String(row.id) }, { guildId: GUILD_B, channelId: OTHER_NEWS });
    expect(foreign.content).toBe(
      'No feed of this server matches that. Use the number or the address `/feed list` shows.',
    );
    const denied = await feed('history', { feed: String(row.id) }, { user: { userId: MEMBER, memberPermissions: 0n } });
    expect(denied.content).toContain('Manage Server');
  });
});

describe('/feed interval', () => {
  it('says when the feed itself asks to be read less often than the interval set', async () => {
    feeds.setFeed('/ttl.xml', {
      contentType: 'application/rss+xml',
      body: '<rss version="2.0"><channel><title>Slow News</title><link>https://slow.example/</link><ttl>120</ttl><item><guid>s1</guid><title>S1</title></item></channel></rss>',
    });
    const row = await addFeed('/ttl.xml');
    const set = await feed('interval', { feed: String(row.id), minutes: 30 });
    expect(set.content).toBe(
      'Herald now checks **Slow News** every 30 minutes. The feed itself asks not to be read more often than every 120 minutes, so Herald waits that long.',
    );
  });

  it('sets a feed’s interval within the operator’s range, shows it in /feed list, and only shortens a shared feed', async () => {
    feeds.setRss('/i.xml', { title: 'Interval News', link: 'https://i.example/', items: [item('i1')] });
    const row = await addFeed('/i.xml');
    const range = "The interval must be a whole number of minutes from 2 to 1440 (this Herald's limits).";
    expect((await feed('interval', { feed: String(row.id), minutes: 1 })).content).toBe(range);
    expect((await feed('interval', { feed: String(row.id), minutes: 1441 })).content).toBe(range);
    expect((await feed('interval', { feed: String(row.id), minutes: 1 }, { locale: 'zh-CN' })).content).toBe(
      '间隔必须是 2 到 1440 分钟之间的整数（此 Herald 的限制）。',
    );

    const set = await feed('interval', { feed: String(row.id), minutes: 90 });
    expect(set.ephemeral).toBe(true);
    expect(set.content).toBe('Herald now checks **Interval News** every 90 minutes.');
    expect(await h.deps.store.feeds.get(row.id)).toMatchObject({
      intervalOverrideSeconds: 5400,
      intervalSeconds: 5400,
    });
    const listed = await feed('list', {});
    expect(listed.content).toContain('every 90 min · set with `/feed interval`');

    // The only follower may also lengthen it.
    expect((await feed('interval', { feed: String(row.id), minutes: 120 })).content).toContain('every 120 minutes');

    // Another server follows it too: shorter is fine for everyone, longer is refused.
    await feed('add', { url: feeds.url('/i.xml') }, { guildId: GUILD_B, channelId: OTHER_NEWS });
    const longer = await feed('interval', { feed: String(row.id), minutes: 180 });
    expect(longer.content).toBe(
      '1 other server follows this feed too, so it can only be checked more often: every 120 minutes or less.',
    );
    expect((await h.deps.store.feeds.get(row.id))?.intervalOverrideSeconds).toBe(7200);
    const shorter = await feed(
      'interval',
      { feed: String(row.id), minutes: 30 },
      { guildId: GUILD_B, channelId: OTHER_NEWS },
    );
    expect(shorter.content).toBe('Herald now checks **Interval News** every 30 minutes.');
    expect((await h.deps.store.feeds.get(row.id))?.intervalOverrideSeconds).toBe(1800);

    const denied = await feed(
      'interval',
      { feed: String(row.id), minutes: 30 },
      { user: { userId: MEMBER, memberPermissions: 0n } },
    );
    expect(denied.content).toContain('Manage Server');
  });
});

describe('/feed move', () => {
  it('moves a feed to a new address, keeping its subscriptions, and marks only the new items seen', async () => {
    feeds.setRss('/old.xml', { title: 'Moving News', link: 'https://m.example/', items: [item('m1'), item('m2')] });
    const row = await addFeed('/old.xml');
    await h.deps.store.subscriptions.create(
      { guildId: GUILD_A, channelId: SPORTS, feedId: row.id, mentionRoleId: null },
      clock,
    );
    // The new address lists one item Herald has (same guid) and one it has not.
    feeds.setRss('/new.xml', { title: 'Moving News', link: 'https://m.example/', items: [item('m2'), item('m3')] });
    feeds.setRss('/taken.xml', { title: 'Taken', link: 'https://t.example/', items: [item('t1')] });
    await addFeed('/taken.xml', SPORTS);

    const same = await feed('move', { feed: String(row.id), url: feeds.url('/old.xml') });
    expect(same.content).toBe('That is the feed’s address already.');
    const taken = await feed('move', { feed: String(row.id), url: feeds.url('/taken.xml') });
    expect(taken.content).toBe(
      `Herald already reads ${feeds.url('/taken.xml')} as another feed. Follow it with \`/feed add\` and remove this one with \`/feed remove\`.`,
    );
    feeds.setFeed('/gone.xml', { contentType: 'text/plain', body: 'gone', status: 404 });
    const broken = await feed('move', { feed: String(row.id), url: feeds.url('/gone.xml') });
    expect(broken.content).toContain('HTTP 404');
    expect((await h.deps.store.feeds.get(row.id))?.url).toBe(feeds.url('/old.xml'));

    clock += MINUTE;
    const moved = await feed('move', { feed: String(row.id), url: feeds.url('/new.xml') });
    expect(moved.ephemeral).toBe(true);
    expect(moved.content).toBe(
      `**Moving News** now reads from <${feeds.url('/new.xml')}> (was <${feeds.url('/old.xml')}>). Its subscriptions, articles and history are kept. 1 story at the new address was marked seen and will not be posted; 1 Herald already had.`,
    );
    const after = await h.deps.store.feeds.get(row.id);
    // The check of the new address is the feed's latest in its history.
    expect(await h.deps.store.pollHistory.recent(row.id, 1)).toMatchObject([
      { polledAt: clock, status: 'ok', newItems: 0 },
    ]);
    expect(after?.url).toBe(feeds.url('/new.xml'));
    expect(await h.deps.store.feeds.byUrl(feeds.url('/old.xml'))).toBeNull();
    const subs = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).filter((s) => s.feedId === row.id);
    expect(subs.map((s) => s.channelId).sort()).toEqual([NEWS, SPORTS].sort());
    const articles = await h.deps.store.articles.latest(row.id, 10);
    expect(articles.map((a) => [a.title, a.state]).sort()).toEqual([
      ['Story m1', 'seen'],
      ['Story m2', 'seen'],
      ['Story m3', 'seen'],
    ]);

    // The next poll reads the new address: nothing old is posted, a new story is.
    feeds.setRss('/new.xml', {
      title: 'Moving News',
      link: 'https://m.example/',
      items: [item('m2'), item('m3'), item('m4')],
    });
    clock += MINUTE;
    const polled = await pollFeed(h.deps, row.id);
    expect(polled).toMatchObject({ status: 'polled', changed: true });
    expect(polled.status === 'polled' && polled.newArticleIds).toHaveLength(1);
    expect((await h.deps.store.articles.get((polled.status === 'polled' && polled.newArticleIds[0]) || 0))?.title).toBe(
      'Story m4',
    );
  });

  it('refuses to move a feed another server follows too', async () => {
    feeds.setRss('/shared.xml', { title: 'Shared News', link: 'https://s.example/', items: [item('s1')] });
    const row = await addFeed('/shared.xml');
    await feed('add', { url: feeds.url('/shared.xml') }, { guildId: GUILD_B, channelId: OTHER_NEWS });
    feeds.setRss('/shared-new.xml', { title: 'Shared News', link: 'https://s.example/', items: [item('s1')] });
    const answer = await feed('move', { feed: String(row.id), url: feeds.url('/shared-new.xml') });
    expect(answer.content).toBe(
      '1 other server follows this feed too, and moving it would change what they receive. Follow the new address with `/feed add` and remove this one with `/feed remove` instead.',
    );
    const tw = await feed('move', { feed: String(row.id), url: feeds.url('/shared-new.xml') }, { locale: 'zh-TW' });
    expect(tw.content).toContain('另有 1 個伺服器也追蹤這個來源');
    expect((await h.deps.store.feeds.get(row.id))?.url).toBe(feeds.url('/shared.xml'));
  });
});
