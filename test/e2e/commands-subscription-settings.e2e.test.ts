import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/command-runner.js';
import {
  ADMIN,
  type DiscordHarness,
  GUILD_A,
  MANAGE_GUILD,
  NEWS,
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
const subOf = async (channelId: string) =>
  (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === channelId);

describe('/subscribe language, style and layout', () => {
  it('stores a subscription’s own settings, canonical, says so, and /subscriptions shows them', async () => {
    const { content } = await run({
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS, language: 'zh-tw', style: 'brief', layout: 'compact' },
    });
    expect(content).toBe(
      `<#${SPORTS}> now follows **A News**, summaries in \`zh-TW\`, brief summaries, compact layout.`,
    );
    expect(await subOf(SPORTS)).toMatchObject({ language: 'zh-TW', style: 'brief', layout: 'compact' });

    const tw = await run({ ...admin, locale: 'zh-TW', commandName: 'subscriptions', options: {} });
    expect(tw.content).toContain('語言 `zh-TW` · 風格：簡短 · 版面：精簡');
    const en = await run({ ...admin, commandName: 'subscriptions', options: {} });
    const lines = en.content?.split('\n') ?? [];
    expect(lines.find((l) => l.includes(`<#${SPORTS}>`))).toContain('language `zh-TW` · style brief · layout compact');
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
      options: { topic: '颱風', channel: SPORTS, language: 'en', layout: 'full' },
    });
    expect(content).toContain(', summaries in `en`, full layout');
    const [topic] = await h.deps.store.topics.ofGuild(GUILD_A);
    expect(topic).toMatchObject({ query: '颱風', language: 'en', style: null, layout: 'full' });
  });
});
