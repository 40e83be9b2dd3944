import type { APIApplicationCommandInteractionDataBasicOption } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { deliverChannel } from '../../src/pipeline/deliver/deliver.js';
import { createLlmSummarizer } from '../../src/summarize/llm.js';
import { createSummarizer } from '../../src/summarize/summarizer.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../fakes/openai-server.js';
import { autocompleteChoices, runCommand } from '../support/command-runner.js';
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
  ROLE_A,
  ROLE_B,
  SPORTS,
  startHarness,
} from '../support/discord-harness.js';
import { waitFor } from '../support/wait.js';

let h: DiscordHarness;
let feedA: number;
let feedA2: number;
let feedB: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  h = await startHarness({ bot: true });
  feedA = (await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]])).id;
  feedA2 = (await h.feed('https://a2.example/feed', '中文新聞', [[GUILD_A, NEWS]])).id;
  feedB = (await h.feed('https://b.example/feed', 'B Secret News', [[GUILD_B, OTHER_NEWS]])).id;
});
afterAll(async () => {
  await h?.close();
});

const run = (input: Parameters<typeof runCommand>[1]) => runCommand(h, input);
const autocomplete = (input: Parameters<typeof runCommand>[1]) => autocompleteChoices(h, input);

describe('command registration', () => {
  it('registers every command with Manage Server on management commands and zh-TW/zh-CN localizations', () => {
    const commands = h.discord.commands(GUILD_A);
    expect(commands.map((c) => c.name).sort()).toEqual([
      'alert',
      'backup',
      'briefing',
      'feed',
      'forum-tags',
      'help',
      'latest',
      'mention',
      'search',
      'settings',
      'story',
      'subscribe',
      'subscriptions',
      'summarize',
      'template',
      'unsubscribe',
    ]);
    const byName = new Map(commands.map((c) => [c.name, c]));
    const managed = [
      'feed',
      'subscribe',
      'unsubscribe',
      'settings',
      'mention',
      'backup',
      'forum-tags',
      'template',
      'alert',
      'briefing',
    ];
    for (const name of managed) {
      expect(byName.get(name)?.default_member_permissions).toBe(String(MANAGE_GUILD));
    }
    expect(byName.get('subscribe')?.name_localizations).toEqual({ 'zh-TW': '訂閱', 'zh-CN': '订阅' });
    expect(byName.get('help')?.description_localizations).toEqual({
      'zh-TW': 'Herald 的使用說明',
      'zh-CN': 'Herald 的使用说明',
    });
  });
});

describe('/subscribe', () => {
  it('suggests only this server’s feeds', async () => {
    const choices = await autocomplete({ ...admin, commandName: 'subscribe', options: { feed: '' }, focused: 'feed' });
    expect(choices).toEqual([
      { name: 'A News — https://a.example/feed', value: String(feedA) },
      { name: '中文新聞 — https://a2.example/feed', value: String(feedA2) },
    ]);
    const filtered = await autocomplete({
      ...admin,
      commandName: 'subscribe',
      options: { feed: '中文' },
      focused: 'feed',
    });
    expect(filtered.map((c) => c.value)).toEqual([String(feedA2)]);
  });

  it('subscribes a channel with a role and an hourly cap, after checking the bot can post there', async () => {
    const { content, ephemeral } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, 'mention-role': ROLE_A, 'max-per-hour': 3 },
    });
    expect(ephemeral).toBe(true);
    expect(content).toBe(
      `<#${SPORTS}> now follows **A News**, mentioning <@&${ROLE_A}>, at most 3 posts an hour, one post per story (later copies are added to it).`,
    );
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS);
    expect(sub).toMatchObject({ feedId: feedA, mentionRoleId: ROLE_A, maxPerHour: 3, pausedAt: null });
  });

  it('resumes a paused subscription when run again', async () => {
    await h.deps.store.subscriptions.pauseChannel(SPORTS, 'missing-permissions', 1);
    await run({ ...admin, commandName: 'subscribe', options: { feed: String(feedA), channel: SPORTS } });
    const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS);
    expect(sub).toMatchObject({ pausedAt: null, pausedReason: null, mentionRoleId: null, maxPerHour: null });
  });

  // Options are built when the test runs: the feed ids exist only after beforeAll.
  it.each([
    ['a feed id that is not a number', () => ({ feed: 'abc' }), 'That feed is not followed in this server.'],
    ['another server’s feed', () => ({ feed: String(feedB) }), 'That feed is not followed in this server.'],
    [
      'another server’s channel',
      () => ({ feed: String(feedA), channel: OTHER_NEWS }),
      'That channel is not in this server.',
    ],
    [
      'another server’s role',
      () => ({ feed: String(feedA), 'mention-role': ROLE_B }),
      'That role is not in this server.',
    ],
  ])('refuses %s', async (_what, options, expected) => {
    const { content } = await run({ ...admin, commandName: 'subscribe', options: options() });
    expect(content).toBe(expected + (expected.startsWith('That feed') ? ' Pick one from the list as you type.' : ''));
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_B)).map((s) => s.feedId)).toEqual([feedB]);
  });

  it('refuses a member without Manage Server', async () => {
    const { content } = await run({ userId: MEMBER, commandName: 'subscribe', options: { feed: String(feedA) } });
    expect(content).toBe('You need the **Manage Server** permission to change what Herald posts here.');
  });

  it('names the permission the bot is missing, in text channels and forums', async () => {
    h.discord.setChannelAccess(SPORTS, 'missing-permissions');
    const text = await run({ ...admin, commandName: 'subscribe', options: { feed: String(feedA2), channel: SPORTS } });
    expect(text.content).toBe(
      `Herald cannot post in <#${SPORTS}>: it is missing **Send Messages** there. Grant it in the channel's settings and try again.`,
    );
    h.discord.setChannelAccess(SPORTS, 'ok');
    const forum = await run({ ...admin, commandName: 'subscribe', options: { feed: String(feedA2), channel: FORUM } });
    expect(forum.content).toContain('it is missing **Send Messages in Threads** there');
    expect(
      (await h.deps.store.subscriptions.ofGuild(GUILD_A)).some((s) => s.feedId === feedA2 && s.channelId !== NEWS),
    ).toBe(false);
  });

  it('answers in direct messages that commands work in a server', async () => {
    const { content } = await run({ dm: true, userId: MEMBER, commandName: 'subscribe', options: { feed: '1' } });
    expect(content).toBe(
      "Herald's commands work inside a server, not in direct messages. Use them in a channel of your server.",
    );
  });
});

describe('/subscribe topic', () => {
  it('follows a topic across the server’s feeds, lists it, and removes it through /unsubscribe', async () => {
    const none = await run({ ...admin, commandName: 'subscribe', options: {} });
    expect(none.content).toBe('Give a feed, a topic, or both.');
    const added = await run({
      ...admin,
      commandName: 'subscribe',
      options: { topic: '台灣 **chips**', channel: SPORTS },
    });
    expect(added.content).toBe(
      `<#${SPORTS}> now follows the topic “台灣 \\*\\*chips\\*\\*” across this server’s feeds.`,
    );
    const [topic] = await h.deps.store.topics.ofGuild(GUILD_A);
    expect(topic).toMatchObject({ channelId: SPORTS, feedId: null, query: '台灣 **chips**' });
    const listed = await run({ userId: MEMBER, commandName: 'subscriptions', options: { channel: SPORTS } });
    expect(listed.content).toContain(`• \`t${topic?.id}\` <#${SPORTS}> ← topic “台灣 \\*\\*chips\\*\\*”`);
    const choices = await autocomplete({
      ...admin,
      commandName: 'unsubscribe',
      options: { subscription: '台灣' },
      focused: 'subscription',
    });
    expect(choices).toEqual([{ name: '#sports ← “台灣 **chips**”', value: `t${topic?.id}` }]);
    const asked = await run({ ...admin, commandName: 'unsubscribe', options: { subscription: `t${topic?.id}` } });
    const done = await run({
      ...admin,
      type: 3,
      customId: `unsubscribe:confirm:t${topic?.id}`,
      messageId: asked.first.message?.id,
    });
    expect(done.content).toBe(`<#${SPORTS}> no longer follows **“台灣 \\*\\*chips\\*\\*”**.`);
    expect(await h.deps.store.topics.ofGuild(GUILD_A)).toEqual([]);
  });
});

describe('/unsubscribe', () => {
  it('suggests this server’s subscriptions, asks for confirmation, and removes on Confirm', async () => {
    const choices = await autocomplete({
      ...admin,
      commandName: 'unsubscribe',
      options: { subscription: 'sports' },
      focused: 'subscription',
    });
    const sports = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === SPORTS);
    expect(choices).toEqual([{ name: '#sports ← A News', value: String(sports?.id) }]);

    const asked = await run({ ...admin, commandName: 'unsubscribe', options: { subscription: String(sports?.id) } });
    expect(asked.content).toBe(`Stop posting **A News** in <#${SPORTS}>?`);
    const message = asked.first.message;
    const row = message?.components?.[0] as { components: Array<{ custom_id: string; label: string }> } | undefined;
    const buttons = row?.components ?? [];
    expect(buttons.map((b) => [b.custom_id, b.label])).toEqual([
      [`unsubscribe:confirm:${sports?.id}`, 'Confirm'],
      ['unsubscribe:cancel', 'Cancel'],
    ]);

    // A member without Manage Server cannot press it.
    const denied = await run({ userId: MEMBER, type: 3, customId: buttons[0]?.custom_id, messageId: message?.id });
    expect(denied.content).toContain('Manage Server');
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A)).some((s) => s.id === sports?.id)).toBe(true);

    const pressed = await run({ ...admin, type: 3, customId: buttons[0]?.custom_id, messageId: message?.id });
    expect(pressed.first.callbackType).toBe(7);
    expect(pressed.content).toBe(`<#${SPORTS}> no longer follows **A News**.`);
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A)).some((s) => s.id === sports?.id)).toBe(false);
  });

  it('treats another server’s subscription id as unknown, from the command and from a forged button', async () => {
    const other = (await h.deps.store.subscriptions.ofGuild(GUILD_B))[0];
    const viaCommand = await run({
      ...admin,
      commandName: 'unsubscribe',
      options: { subscription: String(other?.id) },
    });
    expect(viaCommand.content).toBe(
      'That subscription does not exist in this server. Pick one from the list as you type.',
    );
    const help = await run({ ...admin, commandName: 'help' });
    const forged = await run({
      ...admin,
      type: 3,
      customId: `unsubscribe:confirm:${other?.id}`,
      messageId: help.first.message?.id,
    });
    expect(forged.content).toContain('That subscription does not exist in this server.');
    expect(await h.deps.store.subscriptions.ofGuild(GUILD_B)).toHaveLength(1);
  });
});

describe('/feed remove', () => {
  it('removes a feed’s subscriptions in this server after confirmation, and Cancel changes nothing', async () => {
    const choices = await autocomplete({
      ...admin,
      commandName: 'feed',
      options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'feed', value: 'a2', focused: true }] }],
    });
    expect(choices.map((c) => c.value)).toEqual([String(feedA2)]);
    const asked = await run({
      ...admin,
      commandName: 'feed',
      options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'feed', value: String(feedA2) }] }],
    });
    expect(asked.content).toBe('Remove **中文新聞** from this server? 1 channel subscription will be deleted.');
    const cancel = await run({ ...admin, type: 3, customId: 'feed:remove:cancel', messageId: asked.first.message?.id });
    expect(cancel.content).toBe('Cancelled. Nothing was changed.');
    const confirm = await run({
      ...admin,
      type: 3,
      customId: `feed:remove:confirm:${feedA2}`,
      messageId: asked.first.message?.id,
    });
    expect(confirm.content).toBe('Removed **中文新聞** (1 subscription deleted).');
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A)).map((s) => s.feedId)).toEqual([feedA]);
  });

  it('refuses another server’s feed', async () => {
    const { content } = await run({
      ...admin,
      commandName: 'feed',
      options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'feed', value: String(feedB) }] }],
    });
    expect(content).toBe('That feed is not followed in this server. Pick one from the list as you type.');
  });
});

describe('/feed add', () => {
  it('follows a feed with a backfill, and refuses another server’s channel or one the bot cannot post in', async () => {
    const { startFeedServer } = await import('../fakes/feed-server.js');
    const feeds = await startFeedServer();
    try {
      feeds.setRss('/w.xml', {
        title: 'Weather',
        link: 'https://weather.example/',
        items: [1, 2, 3].map((n) => ({
          guid: `w${n}`,
          title: `Forecast ${n}`,
          link: `https://weather.example/${n}`,
          pubDate: new Date(Date.UTC(2026, 0, n)).toUTCString(),
          description: `<p>Forecast ${n}.</p>`,
        })),
      });
      const add = (options: Record<string, string | number>, user = admin) =>
        run({
          ...user,
          commandName: 'feed',
          options: [
            {
              type: 1,
              name: 'add',
              options: Object.entries(options).map(([name, value]) => ({
                name,
                value,
                type: name === 'channel' ? 7 : typeof value === 'number' ? 4 : 3,
              })) as APIApplicationCommandInteractionDataBasicOption[],
            },
          ],
        });
      const foreign = await add({ url: feeds.url('/w.xml'), channel: OTHER_NEWS });
      expect(foreign.content).toBe('That channel is not in this server.');
      h.discord.setChannelAccess(NEWS, 'missing-permissions');
      const blocked = await add({ url: feeds.url('/w.xml') });
      expect(blocked.content).toContain('it is missing **Send Messages** there');
      h.discord.setChannelAccess(NEWS, 'ok');
      const denied = await add({ url: feeds.url('/w.xml') }, { userId: MEMBER, memberPermissions: 0n });
      expect(denied.content).toContain('Manage Server');

      const ok = await add({ url: feeds.url('/w.xml'), backfill: 2 });
      expect(ok.content).toBe(
        `Following **Weather** in <#${NEWS}>. New stories will be summarized and posted there.\n` +
          'The newest 2 stories will be posted shortly.\n' +
          'Latest: [Forecast 3](<https://weather.example/3>) · 2026-01-03',
      );
      expect(feeds.requests.length).toBeGreaterThan(0);
    } finally {
      await feeds.close();
    }
  });
});

describe('/settings filler', () => {
  let openai: FakeOpenAiServer;
  let llmHarness: DiscordHarness;
  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    const llm = createLlmSummarizer({ baseURL: openai.baseURL, apiKey: openai.apiKey, model: 'fake-model' });
    llmHarness = await startHarness({ summarizer: createSummarizer({ llm, log: createLogger('silent') }), bot: true });
  });
  afterAll(async () => {
    await llmHarness?.close();
    await openai?.close();
  });

  it('skips what the model judged filler once the server sets filler:skip, and posts it again with filler:post', async () => {
    const hx = llmHarness;
    const feed = await hx.feed('https://mixed.example/feed', 'Mixed', [[GUILD_A, NEWS]]);
    const settings = (filler: string) =>
      runCommand(hx, { ...admin, commandName: 'settings', options: { filler } }).then((r) => r.content);
    expect(await settings('skip')).toContain('Filler (ads, horoscopes, quizzes…): `skip`');

    const ad = await hx.article(feed.id, { key: 'ad', title: 'Sponsored: a cruise for two' });
    const story = await hx.article(feed.id, { key: 'story', title: 'Ports slow down as ships wait' });
    expect(await deliverChannel(hx.deps, NEWS)).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
    const posted = () => hx.discord.messages(NEWS).map((m) => JSON.stringify(m));
    expect(posted()).toHaveLength(1);
    expect(posted()[0]).toContain('Ports slow down as ships wait');
    expect((await hx.deps.store.deliveries.ofArticle(ad)).map((d) => d.state)).toEqual(['skipped']);
    expect((await hx.deps.store.deliveries.ofArticle(story)).map((d) => d.state)).toEqual(['sent']);

    expect(await settings('post')).toContain('Filler (ads, horoscopes, quizzes…): `post`');
    await hx.article(feed.id, { key: 'ad2', title: 'Sponsored: a second cruise' });
    expect(await deliverChannel(hx.deps, NEWS)).toMatchObject({ sent: 1, failed: 0 });
    expect(posted().at(-1)).toContain('Sponsored: a second cruise');
    // The model was asked once per article, and judged both adverts filler. Each request is named by the title it
    // carries, so that a failure shows which article was asked twice (or what else was asked).
    const titles = ['Sponsored: a cruise for two', 'Ports slow down as ships wait', 'Sponsored: a second cruise'];
    const asked = openai.requests.map(
      (r) => titles.find((t) => JSON.stringify(r.body).includes(t)) ?? `${r.method} ${r.path}`,
    );
    expect(asked.sort()).toEqual([...titles].sort());
  });
});

// Last: it removes server B from the fake Discord.
describe('gateway events', () => {
  it('removes a deleted channel’s subscriptions and pauses a server’s when the bot is removed from it', async () => {
    await h.deps.store.subscriptions.create(
      { guildId: GUILD_A, channelId: SPORTS, feedId: feedA, mentionRoleId: null },
      1,
    );
    h.discord.deleteChannel(SPORTS);
    await waitFor('the subscription removed', async () =>
      (await h.deps.store.subscriptions.ofGuild(GUILD_A)).every((s) => s.channelId !== SPORTS),
    );
    h.discord.removeGuild(GUILD_B);
    const paused = await waitFor('guild B paused', async () => {
      const subs = await h.deps.store.subscriptions.ofGuild(GUILD_B);
      return subs.every((s) => s.pausedAt !== null) && subs;
    });
    expect(paused.map((s) => s.pausedReason)).toEqual(['bot-removed']);
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A)).every((s) => s.pausedAt === null)).toBe(true);
  });
});
