import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/command-runner.js';
import {
  ADMIN,
  type DiscordHarness,
  GUILD_A,
  MANAGE_GUILD,
  MEMBER,
  NEWS,
  ROLE_A,
  SPORTS,
  startHarness,
} from '../support/discord-harness.js';

let h: DiscordHarness;
let feedA: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  h = await startHarness({ bot: true });
  feedA = (await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]])).id;
});
afterAll(async () => {
  await h?.close();
});

const run = (input: Parameters<typeof runCommand>[1]) => runCommand(h, input);
const mention = (name: string, options: Record<string, string | number>) => ({
  ...admin,
  commandName: 'mention',
  options: [
    {
      type: 1 as const,
      name,
      options: Object.entries(options).map(([key, value]) => ({
        type: key === 'role' ? (8 as const) : (3 as const),
        name: key,
        value: String(value),
      })),
    },
  ],
});

describe('/subscribe filter and max-age-hours', () => {
  it('stores a checked filter and age cutoff and says so', async () => {
    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: {
        feed: String(feedA),
        channel: SPORTS,
        filter: ' entity:台灣 -title:/廣告|`ad`/ ',
        'max-age-hours': 48,
      },
    });
    expect(content).toBe(
      `<#${SPORTS}> now follows **A News**, only when \`entity:台灣 -title:/廣告|'ad'/\`, skipping items older than 48 h, one post per story (later copies are added to it).`,
    );
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS);
    expect(sub).toMatchObject({ filter: 'entity:台灣 -title:/廣告|`ad`/', maxAgeHours: 48 });
  });

  it('refuses a pattern a linear-time engine cannot run, in the member’s language, and keeps the old filter', async () => {
    const tw = await run({
      ...admin,
      locale: 'zh-TW',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, filter: 'title:/(a)\\1/' },
    });
    expect(tw.content).toContain('Herald 無法執行樣式');
    expect(tw.content).toContain('反向參照');
    const cn = await run({
      ...admin,
      locale: 'zh-CN',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, filter: 'title:/(?=x)/' },
    });
    expect(cn.content).toContain('Herald 无法运行模式');
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS);
    expect(sub?.filter).toBe('entity:台灣 -title:/廣告|`ad`/');
  });

  it('points a topic with a filter to the topic itself', async () => {
    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { topic: '颱風', filter: 'entity:台灣', channel: SPORTS },
    });
    expect(content).toBe(
      'A topic is already a filter: put field terms in the topic itself, e.g. topic: `entity:台灣 -title:sponsored`.',
    );
    expect(await h.deps.store.topics.ofGuild(GUILD_A)).toEqual([]);
  });
});

describe('/mention', () => {
  it('adds, lists, replaces and removes mention rules, shown by /subscriptions too', async () => {
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS)!;
    const added = await run(mention('add', { subscription: String(sub.id), role: ROLE_A, filter: 'entity:台灣' }));
    expect(added.content).toBe(
      `Posts of subscription \`${sub.id}\` now mention <@&${ROLE_A}> when they match \`entity:台灣\`.`,
    );
    const listed = await run(mention('list', {}));
    expect(listed.content).toBe(`**Mention rules** (1)\n• \`${sub.id}\` <@&${ROLE_A}> when \`entity:台灣\``);
    const subscriptions = await run({ ...admin, commandName: 'subscriptions', options: { channel: SPORTS } });
    expect(subscriptions.content).toContain(
      `· filter \`entity:台灣 -title:/廣告|'ad'/\` · skips items older than 48 h\n  ↳ <@&${ROLE_A}> when \`entity:台灣\``,
    );

    const every = await run(mention('add', { subscription: String(sub.id), role: ROLE_A }));
    expect(every.content).toBe(`Every post of subscription \`${sub.id}\` now mentions <@&${ROLE_A}>.`);
    expect((await h.deps.store.mentions.ofGuild(GUILD_A)).map((r) => r.filter)).toEqual([null]);

    const removed = await run(mention('remove', { subscription: String(sub.id), role: ROLE_A }));
    expect(removed.content).toBe(`Posts of subscription \`${sub.id}\` no longer mention <@&${ROLE_A}>.`);
    const again = await run(mention('remove', { subscription: String(sub.id), role: ROLE_A }));
    expect(again.content).toBe(`Subscription \`${sub.id}\` has no mention rule for <@&${ROLE_A}>.`);
    expect((await run(mention('list', {}))).content).toBe(
      'No mention rules. Add one with `/mention add subscription role [filter]`.',
    );
  });

  it('refuses another server’s subscription and a malformed filter, and members without Manage Server', async () => {
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS)!;
    const unknown = await run(mention('add', { subscription: '99999', role: ROLE_A }));
    expect(unknown.content).toBe(
      'That subscription does not exist in this server. Pick one from the list as you type.',
    );
    const bad = await run(mention('add', { subscription: String(sub.id), role: ROLE_A, filter: 'title:/(/' }));
    expect(bad.content).toContain('Herald cannot run the pattern');
    const member = await run({ ...mention('list', {}), userId: MEMBER, memberPermissions: 0n });
    expect(member.content).toBe('You need the **Manage Server** permission to change what Herald posts here.');
    expect(await h.deps.store.mentions.ofGuild(GUILD_A)).toEqual([]);
  });
});
