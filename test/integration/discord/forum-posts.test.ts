import { Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { createRest, type Poster } from '../../../src/discord/poster.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { DestinationUnavailable, deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import {
  APP,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  GUILD_B,
  startHarness,
  TOKEN,
} from '../../support/discord-harness.js';

let h: DiscordHarness;
afterEach(async () => {
  await h?.close();
});

/** Server A's forum follows a feed with one article waiting; returns the article id. */
async function forumWithArticle(title: string): Promise<number> {
  const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, FORUM]]);
  const [sub] = await h.deps.store.subscriptions.ofGuild(GUILD_A);
  await h.deps.store.subscriptions.configure(sub!.id, { mentionRoleId: null, maxPerHour: null, channelType: 15 });
  return h.article(feed.id, { key: 'one', title });
}

const threadPosts = () =>
  h.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${FORUM}/threads`);

describe('forum posts, which Discord starts without a nonce', () => {
  it('leaves exactly one post when a worker dies between starting it and recording it, and the job is rerun', async () => {
    h = await startHarness();
    const articleId = await forumWithArticle('Harbour reopens');
    const real = h.poster;
    const dying: Poster = {
      post: (...args) => real.post(...args),
      async startThread(...args) {
        await real.startThread!(...args);
        throw new Error('worker killed before markDeliverySent');
      },
    };
    const publisher = createDiscordPublisher({ poster: dying });
    await expect(deliverChannel({ ...h.deps, publisher }, FORUM)).rejects.toThrow('worker killed');
    expect(h.discord.threads(FORUM)).toHaveLength(1);
    const [interrupted] = await h.deps.store.deliveries.ofArticle(articleId);
    expect(interrupted).toMatchObject({ state: 'pending', messageId: null });
    expect(interrupted?.attemptedAt).toEqual(expect.any(Number));

    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1, failed: 0 });
    const threads = h.discord.threads(FORUM);
    expect(threads).toEqual([{ id: expect.any(String), name: 'Harbour reopens', ownerId: APP, archived: false }]);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]).toMatchObject({
      state: 'sent',
      messageId: threads[0]?.id,
      attemptedAt: interrupted?.attemptedAt,
    });
    // The rerun looked among the active threads and adopted the post instead of starting another.
    expect(threadPosts()).toHaveLength(1);
    expect(h.discord.requests.filter((r) => r.path === `/guilds/${GUILD_A}/threads/active`)).toHaveLength(1);
  });

  it('starts the post on a retry when the first attempt never reached Discord', async () => {
    h = await startHarness();
    const articleId = await forumWithArticle('Harbour reopens');
    // The REST client's first try and its 3 retries.
    h.discord.failNext('POST /channels/*/threads', 503, 4);
    await expect(deliverChannel(h.deps, FORUM)).rejects.toBeInstanceOf(DestinationUnavailable);
    expect(h.discord.threads(FORUM)).toEqual([]);

    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    const threads = h.discord.threads(FORUM);
    expect(threads.map((t) => t.name)).toEqual(['Harbour reopens']);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]?.messageId).toBe(threads[0]?.id);
  });

  it('does not adopt a post with the same name that existed before the first attempt', async () => {
    // Herald's clock a minute ahead of Discord's: the older post is well before the attempt, clock skew allowed.
    h = await startHarness({ now: () => Date.now() + 60_000 });
    const articleId = await forumWithArticle('Harbour reopens');
    const real = h.poster;
    const older = await real.startThread!(FORUM, 'Harbour reopens', { content: 'an older story' });
    const killedFirst: Poster = {
      post: (...args) => real.post(...args),
      startThread: async () => {
        throw new Error('worker killed before Discord answered');
      },
    };
    const publisher = createDiscordPublisher({ poster: killedFirst });
    await expect(deliverChannel({ ...h.deps, publisher }, FORUM)).rejects.toThrow('worker killed');

    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    const threads = h.discord.threads(FORUM);
    expect(threads.map((t) => t.name)).toEqual(['Harbour reopens', 'Harbour reopens']);
    const [delivery] = await h.deps.store.deliveries.ofArticle(articleId);
    expect(delivery?.messageId).toBe(threads[1]?.id);
    expect(delivery?.messageId).not.toBe(older);
  });
});

describe('GET /guilds/{id}/threads/active on the fake Discord', () => {
  it('lists the guild’s active threads newest first, with owner, parent and creation time, and not archived ones', async () => {
    h = await startHarness();
    const poster = h.poster;
    const first = await poster.startThread!(FORUM, 'First', { content: 'one' });
    const second = await poster.startThread!(FORUM, 'Second', { content: 'two' });
    const third = await poster.startThread!(FORUM, 'Third', { content: 'three' });
    h.discord.archiveThread(second);

    const rest = createRest(TOKEN, h.discord.apiUrl);
    const list = (await rest.get(Routes.guildActiveThreads(GUILD_A))) as {
      threads: Array<Record<string, unknown> & { thread_metadata: Record<string, unknown> }>;
      members: Array<{ id: string; user_id: string }>;
    };
    expect(
      list.threads.map((t) => [t.id, t.parent_id, t.owner_id, t.name, t.type, t.thread_metadata.archived]),
    ).toEqual([
      [third, FORUM, APP, 'Third', 11, false],
      [first, FORUM, APP, 'First', 11, false],
    ]);
    expect(Date.parse(String(list.threads[0]?.thread_metadata.create_timestamp))).toBeGreaterThan(0);
    expect(list.members.map((m) => [m.id, m.user_id])).toEqual([
      [third, APP],
      [first, APP],
    ]);
    expect(await rest.get(Routes.guildActiveThreads(GUILD_B))).toEqual({ threads: [], members: [] });
    await expect(rest.get(Routes.guildActiveThreads('1200000000000000077'))).rejects.toMatchObject({ code: 10004 });
  });
});
