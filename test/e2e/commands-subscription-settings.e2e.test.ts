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
  SPORTS,
  startHarness,
  twoGuilds,
} from '../support/discord-harness.js';
import { waitFor } from '../support/wait.js';

let h: DiscordHarness;
let feedA: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  // The bot may post in the forum too (a forum post takes Send Messages in Threads).
  const guilds = twoGuilds();
  guilds[0] = {
    ...guilds[0]!,
    botPermissions: F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.SendMessagesInThreads,
  };
  h = await startHarness({ bot: true, guilds });
  feedA = (await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]])).id;
});
afterAll(async () => {
  await h?.close();
});

const run = (input: Parameters<typeof runCommand>[1]) => runCommand(h, input);
/** A `/template` subcommand's options as Discord sends them. */
const sub = (name: string, options: Record<string, string>) => [
  { type: 1, name, options: Object.entries(options).map(([key, value]) => ({ name: key, value, type: 3 })) },
];
const subOf = async (channelId: string) =>
  (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === channelId);

describe('/subscribe language, style and template', () => {
  it('stores a subscription’s own settings, canonical, says so, and /subscriptions shows them', async () => {
    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, language: 'zh-tw', style: 'brief', template: 'compact' },
    });
    expect(content).toBe(
      `<#${SPORTS}> now follows **A News**, summaries in \`zh-TW\`, brief summaries, template compact, one post per story (later copies are added to it).`,
    );
    expect(await subOf(SPORTS)).toMatchObject({ language: 'zh-TW', style: 'brief', layout: 'compact' });

    const tw = await run({ ...admin, locale: 'zh-TW', commandName: 'subscriptions', options: {} });
    expect(tw.content).toContain('語言 `zh-TW` · 風格：簡短 · 範本：精簡一行');
    const en = await run({ ...admin, commandName: 'subscriptions', options: {} });
    const lines = en.content?.split('\n') ?? [];
    expect(lines.find((l) => l.includes(`<#${SPORTS}>`))).toContain(
      'language `zh-TW` · style brief · template compact',
    );
    // The subscription that follows the server's settings shows no override.
    expect(lines.find((l) => l.includes(`<#${NEWS}>`))).not.toContain('language');
  });

  it('refuses a malformed language as /settings does, and keeps the old one', async () => {
    const { content } = await run({
      ...admin,
      locale: 'zh-CN',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, language: 'not a tag!' },
    });
    expect(content).toContain('不是语言标签');
    expect(await subOf(SPORTS)).toMatchObject({ language: 'zh-TW' });
  });

  it('subscribing again without them goes back to the server’s settings; a topic keeps its own', async () => {
    await run({ ...admin, commandName: 'subscribe', options: { feed: String(feedA), channel: SPORTS } });
    expect(await subOf(SPORTS)).toMatchObject({ language: null, style: null, layout: null });
    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { topic: '颱風', channel: SPORTS, language: 'en', template: 'full' },
    });
    expect(content).toContain(', summaries in `en`, template full');
    const [topic] = await h.deps.store.topics.ofGuild(GUILD_A);
    expect(topic).toMatchObject({ query: '颱風', language: 'en', style: null, layout: 'full' });
  });

  it('chooses one of the server’s templates by name, refuses an unknown one, and /template remove sends it back', async () => {
    const set = await run({
      ...admin,
      locale: 'zh-TW',
      commandName: 'template',
      options: sub('set', { name: 'Wire', content: '{"content":"{headline} {nope}"}' }),
    });
    expect(set.content).toContain('**{nope}** 不是預留位置');
    const saved = await run({
      ...admin,
      commandName: 'template',
      options: sub('set', { name: 'Wire', content: '{"content":"📰 {headline} {link}"}' }),
    });
    expect(saved.content).toContain('Template **wire** saved.');
    const unknown = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, template: 'nope' },
    });
    expect(unknown.content).toContain('no preset or template of this server named **nope**');
    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, template: 'wire' },
    });
    expect(content).toContain('template wire');
    expect(await subOf(SPORTS)).toMatchObject({ layout: null, template: 'wire' });
    await run({ ...admin, commandName: 'template', options: sub('remove', { name: 'wire' }) });
    const after = await subOf(SPORTS);
    expect(after?.template).toBeUndefined();
    expect(after?.layout).toBeNull();
  });
});

describe('/template preview', () => {
  /** Shows the preview of A News's newest article for `channel`, presses "Send to channel" twice at once, then again. */
  async function previewSentTo(channel: string) {
    const { id } = await h.interact({
      ...admin,
      commandName: 'template',
      options: [
        {
          type: 1,
          name: 'preview',
          options: [
            { name: 'feed', type: 3, value: String(feedA) },
            { name: 'channel', type: 7, value: channel },
          ],
        },
      ],
    });
    // The preview is embeds and buttons, no text.
    const preview = await waitFor('the preview', () =>
      h.discord.interactionResponses(id).find((r) => r.kind === 'edit-original' && r.message?.embeds.length),
    );
    const rows = (preview.message?.components ?? []) as Array<{ components: Array<{ custom_id?: string }> }>;
    const customId = rows.at(-1)?.components[0]?.custom_id;
    expect(customId).toMatch(new RegExp(`^template:preview:send:${channel}:`));
    const press = () => run({ ...admin, type: 3, customId, messageId: preview.message?.id });
    // A double click: both presses arrive before the first one's answer takes the button away.
    const answers = await Promise.all([press(), press()]);
    answers.push(await press());
    expect(answers.map((a) => a.content)).toContain(`Sent to <#${channel}>.`);
    return answers;
  }
  const sends = (path: string) => h.discord.requests.filter((r) => r.method === 'POST' && r.path === path);

  it('posts the preview in a channel once, pinging no one, however often "Send to channel" is pressed', async () => {
    await h.article(feedA, { key: 'preview', title: 'Harbour reopens for @everyone' });
    const before = h.discord.messages(SPORTS).length;
    await previewSentTo(SPORTS);
    const posted = h.discord.messages(SPORTS).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.embeds[0]?.title).toContain('Harbour reopens');
    expect(posted[0]?.mention_everyone).toBe(false);
    const bodies = sends(`/channels/${SPORTS}/messages`).map((r) => r.body as { allowed_mentions?: unknown });
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('starts one forum post however often "Send to channel" is pressed', async () => {
    await previewSentTo(FORUM);
    expect(h.discord.threads(FORUM)).toHaveLength(1);
    for (const r of sends(`/channels/${FORUM}/threads`)) {
      expect((r.body as { message: { allowed_mentions?: unknown } }).message.allowed_mentions).toEqual({ parse: [] });
    }
  });
});
