import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../src/pipeline/deliver/deliver.js';
import { type DiscordHarness, FORUM, GUILD_A, NEWS, startHarness, twoGuilds } from '../support/discord-harness.js';

const CHILD = fileURLToPath(new URL('../support/deliver-channel.mjs', import.meta.url));
const F = PermissionFlagsBits;
const BOT = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.ManageWebhooks;

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * A worker process running the deliver stage for `channelId` against the harness's database and fake Discord, killed
 * with SIGKILL once Discord has executed its first webhook post and before the answer reaches it: the post exists,
 * and the worker never recorded it.
 */
async function killedBetweenPostAndRecord(harness: DiscordHarness, channelId: string): Promise<NodeJS.Signals | null> {
  const { config } = harness.deps;
  const child: ChildProcess = spawn(process.execPath, [CHILD, channelId], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: config.DATABASE_URL ?? '',
      DISCORD_TOKEN: config.DISCORD_TOKEN ?? '',
      DISCORD_APPLICATION_ID: config.DISCORD_APPLICATION_ID ?? '',
      DISCORD_API_URL: config.DISCORD_API_URL,
      REDIS_URL: config.REDIS_URL,
      ARTICLE_FETCH_FULL_TEXT: 'false',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  harness.discord.beforeAnswer('POST /webhooks/*/*', async () => {
    child.kill('SIGKILL');
    await exited;
  });
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the worker exited by itself before posting: ${stderr}`);
  return signal;
}

const executes = (harness: DiscordHarness) =>
  harness.discord.requests.filter((r) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path));

/** Server A's `channelId` follows a feed through a webhook, with one article waiting; returns the article id. */
async function waitingArticle(harness: DiscordHarness, channelId: string, channelType: number): Promise<number> {
  const feed = await harness.feed('https://wire.example/feed', 'The Wire', [[GUILD_A, channelId]]);
  const [sub] = await harness.deps.store.subscriptions.ofGuild(GUILD_A);
  await harness.deps.store.subscriptions.configure(sub!.id, {
    mentionRoleId: null,
    maxPerHour: null,
    channelType,
    webhook: { name: null, avatarUrl: null },
  });
  return harness.article(feed.id, { key: 'one', title: 'Harbour reopens' });
}

describe('webhook posts, which take no nonce, under kill -9 between the post and its record', () => {
  it('leaves exactly one message in a text channel: the rerun adopts the one the killed worker posted', async () => {
    const guilds = twoGuilds();
    guilds[0] = { ...guilds[0]!, botPermissions: BOT };
    h = await startHarness({ guilds });
    const articleId = await waitingArticle(h, NEWS, 0);

    expect(await killedBetweenPostAndRecord(h, NEWS)).toBe('SIGKILL');
    const [posted] = h.discord.messages(NEWS);
    expect(h.discord.messages(NEWS)).toHaveLength(1);
    const [interrupted] = await h.deps.store.deliveries.ofArticle(articleId);
    expect(interrupted).toMatchObject({ state: 'pending', messageId: null, attemptedAt: expect.any(Number) });

    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, failed: 0 });
    expect(h.discord.messages(NEWS)).toHaveLength(1);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]).toMatchObject({
      state: 'sent',
      messageId: posted?.id,
    });
    // The rerun reused the stored webhook and looked at the channel instead of posting again.
    expect(executes(h)).toHaveLength(1);
    expect(h.discord.webhooks(NEWS)).toHaveLength(1);
  });

  it('leaves exactly one forum post: the rerun adopts the post the killed worker’s webhook started', async () => {
    const guilds = twoGuilds();
    guilds[0] = { ...guilds[0]!, botPermissions: BOT | F.SendMessagesInThreads };
    h = await startHarness({ guilds });
    const articleId = await waitingArticle(h, FORUM, 15);

    expect(await killedBetweenPostAndRecord(h, FORUM)).toBe('SIGKILL');
    expect(h.discord.threads(FORUM)).toHaveLength(1);

    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1, failed: 0 });
    const threads = h.discord.threads(FORUM);
    expect(threads.map((t) => t.name)).toEqual(['Harbour reopens']);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]?.messageId).toBe(threads[0]?.id);
    expect(executes(h)).toHaveLength(1);
  });
});
