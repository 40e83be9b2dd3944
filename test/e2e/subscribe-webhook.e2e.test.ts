import { PermissionFlagsBits as F } from 'discord-api-types/v10';
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
  twoGuilds,
} from '../support/discord-harness.js';

const POSTING = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory;
let h: DiscordHarness;
let feedId: number;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD, commandName: 'subscribe' };

beforeAll(async () => {
  const guilds = twoGuilds();
  guilds[0] = { ...guilds[0]!, botPermissions: POSTING | F.ManageWebhooks };
  h = await startHarness({ bot: true, guilds });
  feedId = (await h.feed('https://wire.example/feed', 'The Wire', [[GUILD_A, NEWS]])).id;
  h.discord.setChannelAccess(SPORTS, 'no-manage-webhooks');
});
afterAll(async () => {
  await h?.close();
});

const subOf = async (channelId: string) =>
  (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === channelId);

describe('/subscribe webhook: webhook-name: webhook-avatar:', () => {
  it('names Manage Webhooks in the admin’s language where the bot lacks it, and saves nothing', async () => {
    const { content } = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      options: { feed: String(feedId), channel: SPORTS, webhook: true },
    });
    expect(content).toContain('**管理 Webhook**');
    expect(content).toContain(`<#${SPORTS}>`);
    expect(await subOf(SPORTS)).toBeUndefined();
  });

  it('posts a subscription through a webhook under the name and avatar given, and back as Herald without them', async () => {
    const { content } = await runCommand(h, {
      ...admin,
      options: { feed: String(feedId), 'webhook-name': 'Wire Desk', 'webhook-avatar': 'https://wire.example/logo.png' },
    });
    expect(content).toBe(
      `<#${NEWS}> now follows **The Wire**, posting as **Wire Desk** through a webhook, one post per story (later copies are added to it).`,
    );
    expect((await subOf(NEWS))?.webhook).toEqual({ name: 'Wire Desk', avatarUrl: 'https://wire.example/logo.png' });

    await runCommand(h, { ...admin, options: { feed: String(feedId), webhook: true } });
    expect((await subOf(NEWS))?.webhook).toEqual({ name: null, avatarUrl: null });
    await runCommand(h, { ...admin, options: { feed: String(feedId) } });
    expect((await subOf(NEWS))?.webhook).toBeNull();
  });

  it('refuses an avatar that is not an https address', async () => {
    const { content } = await runCommand(h, {
      ...admin,
      options: { feed: String(feedId), 'webhook-avatar': 'http://wire.example/logo.png' },
    });
    expect(content).toBe('The avatar must be an https:// address of an image, e.g. https://example.com/logo.png.');
    expect((await subOf(NEWS))?.webhook).toBeNull();
  });
});
