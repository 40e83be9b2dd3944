import { PermissionFlagsBits, Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { createRest } from '../../../src/discord/poster.js';
import { requireManageWebhooks, webhookUsername } from '../../../src/discord/webhooks.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { DestinationUnavailable, deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import type { WebhookIdentity } from '../../../src/store/store.js';
import {
  APP,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  NEWS,
  ROLE_A,
  startHarness,
  TOKEN,
  twoGuilds,
} from '../../support/discord-harness.js';

const F = PermissionFlagsBits;
const POSTING = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.SendMessagesInThreads;

let h: DiscordHarness;
afterEach(async () => {
  const open: DiscordHarness | undefined = h;
  h = undefined as unknown as DiscordHarness;
  await open?.close();
});

/** The harness with the bot's role allowed `permissions` in server A. */
function withBot(permissions: bigint) {
  const guilds = twoGuilds();
  guilds[0] = { ...guilds[0]!, botPermissions: permissions };
  return startHarness({ guilds });
}

/** Server A's `channelId` (of Discord type `channelType`) follows a feed through a webhook; returns the feed id. */
async function webhookFeed(channelId: string, channelType: number, webhook: WebhookIdentity, mentionRoleId?: string) {
  const feed = await h.feed('https://wire.example/feed', 'The Wire', [[GUILD_A, channelId]], 'https://wire.example/');
  const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.channelId === channelId);
  await h.deps.store.subscriptions.configure(sub!.id, {
    mentionRoleId: mentionRoleId ?? null,
    maxPerHour: null,
    channelType,
    webhook,
  });
  return feed.id;
}

const executes = () => h.discord.requests.filter((r) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path));
const creations = (channelId: string) =>
  h.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/webhooks`);

describe('posting through a channel webhook', () => {
  it('posts in a text channel under the feed’s name and icon, mentions only the pipeline’s roles, and reuses the webhook', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const feedId = await webhookFeed(NEWS, 0, { name: null, avatarUrl: null }, ROLE_A);
    const first = await h.article(feedId, { key: 'one', title: 'Harbour reopens @everyone' });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, failed: 0 });
    await h.article(feedId, { key: 'two', title: 'Ferries return' });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, failed: 0 });

    const [hook, ...others] = h.discord.webhooks(NEWS);
    expect(others).toEqual([]);
    expect(hook).toMatchObject({ name: 'Herald', creatorId: APP });
    expect(creations(NEWS)).toHaveLength(1);
    const posts = h.discord.messages(NEWS);
    expect(posts.map((m) => [m.webhook_id, m.author.username])).toEqual([
      [hook?.id, 'The Wire'],
      [hook?.id, 'The Wire'],
    ]);
    expect(posts[0]?.mention_roles).toEqual([ROLE_A]);
    expect(posts[0]?.mention_everyone).toBe(false);
    expect(posts[0]?.allowed_mentions).toEqual({ parse: [], roles: [ROLE_A] });
    const sent = executes();
    expect(sent).toHaveLength(2);
    expect(sent[0]?.query).toBe('?wait=true');
    expect(sent[0]?.body).toMatchObject({ username: 'The Wire', avatar_url: 'https://wire.example/favicon.ico' });
    expect((await h.deps.store.deliveries.ofArticle(first))[0]).toMatchObject({
      state: 'sent',
      messageId: posts[0]?.id,
    });
    // The token is the channel's secret: kept in the store, never in a delivery record.
    const stored = await h.deps.store.webhooks.get(NEWS);
    expect(stored?.id).toBe(hook?.id);
    expect(JSON.stringify(await h.deps.store.deliveries.ofArticle(first))).not.toContain(stored?.token);
  });

  it('starts a forum post with thread_name under the admin’s name and avatar', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const identity = { name: 'Discord Wire Desk', avatarUrl: 'https://cdn.example/wire.png' };
    const feedId = await webhookFeed(FORUM, 15, identity);
    const articleId = await h.article(feedId, { key: 'one', title: 'Harbour reopens' });
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });

    const [hook] = h.discord.webhooks(FORUM);
    const threads = h.discord.threads(FORUM);
    expect(threads).toEqual([{ id: expect.any(String), name: 'Harbour reopens', ownerId: hook?.id, archived: false }]);
    // Discord refuses "discord" in a webhook's name: it is left out.
    expect(h.discord.messages(threads[0]!.id).map((m) => m.author.username)).toEqual(['Wire Desk']);
    expect(executes()[0]?.body).toMatchObject({ thread_name: 'Harbour reopens', avatar_url: identity.avatarUrl });
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]?.messageId).toBe(threads[0]?.id);
  });

  it('posts into a thread with thread_id through its parent’s webhook', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const thread = await h.poster.startThread!(FORUM, 'Live: the harbour', { content: 'Updates below.' });
    const feedId = await webhookFeed(thread, 11, { name: 'Harbour desk', avatarUrl: null });
    await h.article(feedId, { key: 'one', title: 'Cranes are back' });
    expect(await deliverChannel(h.deps, thread)).toMatchObject({ sent: 1 });

    const [hook] = h.discord.webhooks(FORUM);
    expect(h.discord.webhooks(thread)).toEqual([]);
    const posts = h.discord.messages(thread);
    expect(posts.map((m) => [m.webhook_id, m.author.username])).toEqual([
      [undefined, 'Herald'],
      [hook?.id, 'Harbour desk'],
    ]);
    expect(executes()[0]?.query).toBe(`?wait=true&thread_id=${thread}`);
    // No new forum post was started.
    expect(h.discord.threads(FORUM)).toHaveLength(1);
  });

  it('makes the webhook again once when it was deleted under Herald, and posts', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const feedId = await webhookFeed(NEWS, 0, { name: null, avatarUrl: null });
    await h.article(feedId, { key: 'one', title: 'Harbour reopens' });
    await deliverChannel(h.deps, NEWS);
    const [old] = h.discord.webhooks(NEWS);
    h.discord.deleteWebhook(old!.id);

    await h.article(feedId, { key: 'two', title: 'Ferries return' });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, failed: 0 });
    const [renewed, ...others] = h.discord.webhooks(NEWS);
    expect(others).toEqual([]);
    expect(renewed?.id).not.toBe(old?.id);
    expect(h.discord.messages(NEWS).map((m) => m.webhook_id)).toEqual([old?.id, renewed?.id]);
    expect((await h.deps.store.webhooks.get(NEWS))?.id).toBe(renewed?.id);
    expect(executes().map((r) => r.status)).toEqual([200, 404, 200]);
  });

  it('recreates only once: a webhook gone again at once is an outcome for the queue, not a loop', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const feedId = await webhookFeed(NEWS, 0, { name: null, avatarUrl: null });
    const articleId = await h.article(feedId, { key: 'one', title: 'Harbour reopens' });
    // Each webhook is deleted right after Discord made it, before Herald hears of it.
    const deleteFresh = () => {
      for (const hook of h.discord.webhooks(NEWS)) h.discord.deleteWebhook(hook.id);
    };
    h.discord.beforeAnswer('POST /channels/*/webhooks', deleteFresh);
    h.discord.beforeAnswer('POST /channels/*/webhooks', deleteFresh);

    await expect(deliverChannel(h.deps, NEWS)).rejects.toBeInstanceOf(DestinationUnavailable);
    expect(creations(NEWS)).toHaveLength(2);
    expect(executes().map((r) => r.status)).toEqual([404, 404]);
    expect(h.discord.messages(NEWS)).toEqual([]);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]?.state).toBe('pending');
    // The next run (the queue's retry) makes one more and posts.
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    expect(h.discord.messages(NEWS)).toHaveLength(1);
  });

  it('pauses the channel and names Manage Webhooks when the bot may not make the webhook', async () => {
    h = await withBot(POSTING);
    const feedId = await webhookFeed(NEWS, 0, { name: null, avatarUrl: null });
    await h.article(feedId, { key: 'one', title: 'Harbour reopens' });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 0, failed: 1, paused: 1 });

    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A))[0]).toMatchObject({
      pausedReason: 'missing-manage-webhooks',
    });
    expect(h.discord.requests.find((r) => r.path === `/channels/${NEWS}/webhooks`)?.status).toBe(403);
    // The notice goes to the system channel (this one), as the bot.
    const [notice] = h.discord.messages(NEWS);
    expect(notice?.webhook_id).toBeUndefined();
    expect(notice?.content).toContain('Manage Webhooks');
  });

  it('refuses /subscribe’s webhook option in a channel without Manage Webhooks, in the admin’s language', async () => {
    h = await withBot(POSTING);
    const rest = createRest(TOKEN, h.discord.apiUrl);
    const channel = (await rest.get(Routes.channel(NEWS))) as { id: string; guild_id: string; type: number };
    const refused = await requireManageWebhooks(rest, APP, channel).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UserError);
    expect(refused).toMatchObject({ key: 'webhookNeedsPermission', params: { channel: NEWS } });
    expect((refused as Error).message).toContain('**Manage Webhooks**');
  });
});

describe('the per-webhook rate limit (5 executes per 2 s)', () => {
  it('is answered with 429 and Discord’s headers by the fake past the fifth execute', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const rest = createRest(TOKEN, h.discord.apiUrl);
    const hook = (await rest.post(Routes.channelWebhooks(NEWS), { body: { name: 'Herald' } })) as {
      id: string;
      token: string;
    };
    const url = `${h.discord.apiUrl}/v10/webhooks/${hook.id}/${hook.token}?wait=true`;
    const send = () =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"tick"}' });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await send());
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = answers[5]!;
    expect(limited.headers.get('x-ratelimit-limit')).toBe('5');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
  });

  it('is kept by Herald: eight posts to one channel go out with no 429', async () => {
    h = await withBot(POSTING | F.ManageWebhooks);
    const feedId = await webhookFeed(NEWS, 0, { name: null, avatarUrl: null });
    for (let i = 1; i <= 8; i++) await h.article(feedId, { key: `n${i}`, title: `Story ${i}` });
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 8, failed: 0 });

    expect(h.discord.messages(NEWS).map((m) => m.embeds[0]?.title)).toEqual(
      Array.from({ length: 8 }, (_, i) => `Story ${i + 1}`),
    );
    const times = executes().map((r) => r.at);
    expect(executes().map((r) => r.status)).toEqual(Array(8).fill(200));
    // Never six in one two-second window (the fake would have answered 429).
    expect((times[5] as number) - (times[0] as number)).toBeGreaterThanOrEqual(1900);
  });
});

describe('webhook post names', () => {
  it('keeps what Discord accepts: 1–80 characters, no "discord" or "clyde", never @everyone', () => {
    expect(webhookUsername('The Wire')).toBe('The Wire');
    expect(webhookUsername('Discord News: @daily')).toBe('News daily');
    expect(webhookUsername('discdiscordord')).toBe('Herald');
    expect(webhookUsername('everyone')).toBe('Herald');
    expect([...webhookUsername('新聞'.repeat(60))].length).toBeLessThanOrEqual(80);
  });
});
