import { PermissionFlagsBits as F } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/command-runner.js';
import {
  ADMIN,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  MANAGE_GUILD,
  NEWS,
  startHarness,
  twoGuilds,
} from '../support/discord-harness.js';

const ANNOUNCEMENTS = '1300000000000000004';
const LOCKED = '1300000000000000005';

let h: DiscordHarness;
let feedA: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  const guilds = twoGuilds();
  const a = guilds[0]!;
  a.channels.push(
    { id: ANNOUNCEMENTS, name: 'announcements', type: 5 },
    { id: LOCKED, name: 'closed-talk', type: 11, parentId: NEWS, thread: { locked: true } },
  );
  a.channels[2]!.availableTags = [{ name: '经济' }, { name: 'Sports' }];
  // Everything a post needs, in threads too, but not Create Public Threads nor Manage Threads.
  a.botPermissions = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.SendMessagesInThreads;
  h = await startHarness({ bot: true, guilds });
  feedA = (await h.feed('https://a.example/feed', 'A News', [])).id;
  await h.deps.store.subscriptions.create(
    { guildId: GUILD_A, channelId: FORUM, feedId: feedA, mentionRoleId: null },
    0,
  );
});
afterAll(async () => {
  await h?.close();
});

const run = (input: Parameters<typeof runCommand>[1]) => runCommand(h, input);
const subOf = async (channelId: string) =>
  (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === channelId);
const forumTags = (name: string, options: Record<string, string>, locale?: string) => ({
  ...admin,
  ...(locale && { locale }),
  commandName: 'forum-tags',
  options: [
    {
      type: 1 as const,
      name,
      options: Object.entries(options).map(([key, value]) => ({
        type: key === 'channel' ? (7 as const) : (3 as const),
        name: key,
        value,
      })),
    },
  ],
});

describe('/subscribe thread, thread-archive and publish', () => {
  it('publishes only in an announcement channel, says so, and /subscriptions shows the limit', async () => {
    const refused = await run({
      ...admin,
      locale: 'zh-TW',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: NEWS, publish: true },
    });
    expect(refused.content).toContain('只有公告頻道的貼文可以發布');
    expect(await subOf(NEWS)).toBeUndefined();

    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: ANNOUNCEMENTS, publish: true },
    });
    expect(content).toContain('each post published to the servers following the channel (at most 10 an hour');
    expect(await subOf(ANNOUNCEMENTS)).toMatchObject({ channelType: 5, publish: true, thread: null });
    const list = await run({ ...admin, locale: 'zh-CN', commandName: 'subscriptions', options: {} });
    expect(list.content).toContain('发布，每小时 ≤ 10 条');
  });

  it('names what a thread per post and a locked thread take, and refuses a thread per post in a forum', async () => {
    const missing = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: NEWS, thread: 'per-article', 'thread-archive': 60 },
    });
    expect(missing.content).toContain('Create Public Threads');
    const locked = await run({ ...admin, commandName: 'subscribe', options: { feed: String(feedA), channel: LOCKED } });
    expect(locked.content).toContain('Manage Threads');
    expect(await subOf(LOCKED)).toBeUndefined();
    const forum = await run({
      ...admin,
      locale: 'zh-CN',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: FORUM, 'thread-archive': 1440 },
    });
    expect(forum.content).toContain('只有文字频道或公告频道的帖子可以开子区');
  });
});

describe('/forum-tags', () => {
  it('maps a topic to a forum tag named in either Chinese script, lists and removes it', async () => {
    const unknown = await run(forumTags('map', { channel: FORUM, topic: 'Markets', tag: 'Money' }));
    expect(unknown.content).toContain('has no tag named **Money**. Its tags: 经济, Sports.');
    const notForum = await run(forumTags('map', { channel: NEWS, topic: 'Markets', tag: 'Sports' }));
    expect(notForum.content).toContain('is not a forum channel');

    const mapped = await run(forumTags('map', { channel: FORUM, topic: 'Markets', tag: '經濟' }, 'zh-TW'));
    expect(mapped.content).toBe(`<#${FORUM}> 中關於 **Markets** 的貼文，今後會加上標籤 **经济**。`);
    expect(await h.deps.store.forumTags.ofChannel(FORUM)).toMatchObject([{ topic: 'Markets', tag: '经济' }]);
    const list = await run(forumTags('list', {}));
    expect(list.content).toContain(`• <#${FORUM}>: Markets → **经济**`);

    await run(forumTags('remove', { channel: FORUM, topic: 'markets' }));
    expect(await h.deps.store.forumTags.ofChannel(FORUM)).toEqual([]);
    const again = await run(forumTags('remove', { channel: FORUM, topic: 'markets' }));
    expect(again.content).toContain('has no tag mapping');
  });
});
