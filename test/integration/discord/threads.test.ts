import { RateLimitError } from '@discordjs/rest';
import { PermissionFlagsBits as F, MessageFlags, Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { createRestPostExtras, type PostExtras } from '../../../src/discord/post-extras.js';
import { createRest, type Poster } from '../../../src/discord/poster.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { createWebhookPoster, type WebhookPoster } from '../../../src/discord/webhooks.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { postOptions } from '../../../src/pipeline/deliver/post-options.js';
import type { ArticlePublication } from '../../../src/ports/publisher.js';
import type { ThreadOptions } from '../../../src/store/store.js';
import {
  type DiscordHarness,
  FORUM,
  GUILD_A,
  NEWS,
  startHarness,
  TOKEN,
  twoGuilds,
} from '../../support/discord-harness.js';
import { testSummary } from '../../support/summary.js';

const ANNOUNCEMENTS = '1300000000000000004';
const THREAD = '1300000000000000005';

let h: DiscordHarness;
afterEach(async () => {
  await h?.close();
});

/** Server A with an announcement channel, an archived thread of #news, forum tags, what threads take, and `morePermissions`. */
async function start(morePermissions = 0n) {
  const guilds = twoGuilds();
  const a = guilds[0]!;
  a.channels.push(
    { id: ANNOUNCEMENTS, name: 'announcements', type: 5 },
    { id: THREAD, name: 'harbour-talk', type: 11, parentId: NEWS, thread: { archived: true } },
  );
  a.channels[2]!.availableTags = [
    { id: '1600000000000000001', name: 'Economy' },
    { id: '1600000000000000002', name: '台灣' },
    { id: '1600000000000000003', name: 'Staff picks', moderated: true },
  ];
  a.botPermissions =
    F.ViewChannel |
    F.SendMessages |
    F.EmbedLinks |
    F.ReadMessageHistory |
    F.SendMessagesInThreads |
    F.CreatePublicThreads |
    morePermissions;
  h = await startHarness({ guilds });
}

/** A feed subscribed in `channelId` (a channel of type `channelType`) with `options`, and one article waiting. */
async function subscribed(
  channelId: string,
  channelType: number,
  options: Partial<ThreadOptions> & { webhook?: { name: string | null; avatarUrl: string | null } },
  title: string,
) {
  const feed = await h.feed(`https://a.example/${channelId}`, 'A News', [[GUILD_A, channelId]]);
  const [sub] = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).filter((s) => s.channelId === channelId);
  await h.deps.store.subscriptions.configure(sub!.id, {
    mentionRoleId: null,
    maxPerHour: null,
    channelType,
    ...options,
  });
  return { feed, articleId: await h.article(feed.id, { key: title, title }) };
}

/** The publisher, its extras dying (as under kill -9) right after `step` reached Discord. */
function dyingAfter(step: keyof Omit<PostExtras, 'tags'>) {
  const real = createRestPostExtras(createRest(TOKEN, h.discord.apiUrl));
  const extras: PostExtras = {
    ...real,
    [step]: async (...args: never[]) => {
      await (real[step] as (...a: never[]) => Promise<unknown>)(...args);
      throw new Error('worker killed before markSent');
    },
  };
  return createDiscordPublisher({ poster: h.poster, extras });
}

/** "Harbour reopens" as a forum post with `extras` (its tags), a retry when `earlierAttemptAt` is set. */
const forumPost = (
  extras: Partial<ArticlePublication>,
  earlierAttemptAt: number | null,
  identity: ArticlePublication['identity'] = null,
): ArticlePublication => ({
  destination: { guildId: GUILD_A, channelId: FORUM, channelType: 15 },
  attempt: { deliveryId: 7, earlierAttemptAt },
  article: {
    id: 1,
    feedId: 1,
    itemKey: 'k',
    guid: null,
    title: 'Harbour reopens',
    link: 'https://news.example/1',
    publishedAt: null,
    author: null,
    imageUrl: null,
    contentText: 'The harbour reopened.',
    categories: [],
    state: 'summarized',
    storyKey: 's',
    createdAt: 0,
  },
  feed: { id: 1, title: 'A News', url: 'https://a.example/feed', siteLink: null },
  summary: testSummary('Harbour reopens', { summary: 'The harbour reopened.' }),
  mentionRoleIds: [],
  layout: 'full',
  identity,
  ...extras,
});

const requests = (suffix: string) => h.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix));

describe('threads, publishing and forum tags, each once under kill -9 between the request and the record', () => {
  it('publishes a post of an announcement channel once when the worker dies after publishing it', async () => {
    await start();
    const { articleId } = await subscribed(ANNOUNCEMENTS, 5, { publish: true }, 'Harbour reopens');
    await expect(deliverChannel({ ...h.deps, publisher: dyingAfter('crosspost') }, ANNOUNCEMENTS)).rejects.toThrow(
      'worker killed',
    );
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]?.state).toBe('pending');

    expect(await deliverChannel(h.deps, ANNOUNCEMENTS)).toMatchObject({ sent: 1, failed: 0 });
    const messages = h.discord.messages(ANNOUNCEMENTS);
    expect(messages).toHaveLength(1);
    expect((messages[0]!.flags ?? 0) & MessageFlags.Crossposted).toBe(MessageFlags.Crossposted);
    // The rerun's post returned the first message (its nonce) and its publish met "already crossposted".
    expect(requests('/crosspost').map((r) => r.status)).toEqual([200, 400]);
    const [delivery] = await h.deps.store.deliveries.ofArticle(articleId);
    expect(delivery).toMatchObject({ state: 'sent', messageId: messages[0]!.id, publishedAt: expect.any(Number) });
  });

  it('publishes at most 10 an hour per channel and sends the rest as an unpublished roundup, meeting no 429', async () => {
    await start();
    const { feed } = await subscribed(ANNOUNCEMENTS, 5, { publish: true }, 'Story 0');
    for (let i = 1; i < 12; i++) await h.article(feed.id, { key: `s${i}`, title: `Story ${i}` });

    expect(await deliverChannel(h.deps, ANNOUNCEMENTS)).toMatchObject({ sent: 12, roundups: 1 });
    const messages = h.discord.messages(ANNOUNCEMENTS);
    const published = messages.filter((m) => (m.flags ?? 0) & MessageFlags.Crossposted);
    expect(messages).toHaveLength(11);
    expect(published).toHaveLength(10);
    expect(h.discord.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(await h.deps.store.deliveries.countPublishedSince(ANNOUNCEMENTS, 0)).toBe(10);

    // Past the limit Discord answers 429, and the REST client gives up at once instead of waiting out the hour.
    const rest = createRest(TOKEN, h.discord.apiUrl);
    const roundup = messages.at(-1)!;
    await expect(rest.post(Routes.channelMessageCrosspost(ANNOUNCEMENTS, roundup.id))).rejects.toBeInstanceOf(
      RateLimitError,
    );
    const refused = h.discord.requests.at(-1)!;
    expect(refused).toMatchObject({ status: 429 });
  });

  it('starts one thread per post, named from the headline, when the worker dies after starting it', async () => {
    await start();
    const title = `Harbour reopens ${'after a long winter '.repeat(6)}🚢👩‍👩‍👧`;
    const { articleId } = await subscribed(NEWS, 0, { thread: 'per-article', threadArchiveMinutes: 60 }, title);
    await expect(deliverChannel({ ...h.deps, publisher: dyingAfter('startThread') }, NEWS)).rejects.toThrow(
      'worker killed',
    );
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });

    const [message] = h.discord.messages(NEWS);
    const threads = h.discord.threads(NEWS).filter((t) => t.id !== THREAD);
    // A thread takes its message's id; the rerun met 160004 and carried on with it.
    expect(threads.map((t) => t.id)).toEqual([message!.id]);
    expect(threads[0]!.name.length).toBeLessThanOrEqual(100);
    expect(threads[0]!.name.startsWith('Harbour reopens after a long winter')).toBe(true);
    expect(
      requests('/threads').map((r) => [r.status, (r.body as { auto_archive_duration: number }).auto_archive_duration]),
    ).toEqual([
      [201, 60],
      [400, 60],
    ]);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]).toMatchObject({
      state: 'sent',
      messageId: message!.id,
    });
  });

  it('posts into an existing thread once, unarchiving it, and pauses when the thread is locked', async () => {
    await start();
    const { feed } = await subscribed(THREAD, 11, {}, 'Harbour reopens');
    const real = h.poster;
    const dying: Poster = {
      async post(...args) {
        await real.post(...args);
        throw new Error('worker killed before markSent');
      },
    };
    await expect(
      deliverChannel({ ...h.deps, publisher: createDiscordPublisher({ poster: dying }) }, THREAD),
    ).rejects.toThrow('worker killed');
    expect(await deliverChannel(h.deps, THREAD)).toMatchObject({ sent: 1 });
    expect(h.discord.messages(THREAD)).toHaveLength(1);
    expect(h.discord.threads(NEWS).find((t) => t.id === THREAD)?.archived).toBe(false);

    h.discord.lockThread(THREAD);
    h.discord.archiveThread(THREAD);
    await h.article(feed.id, { key: 'two', title: 'Second story' });
    expect(await deliverChannel(h.deps, THREAD)).toMatchObject({ sent: 0, failed: 1, paused: 1 });
    const [sub] = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).filter((s) => s.channelId === THREAD);
    expect(sub?.pausedReason).toContain('thread-locked');
    // The server is told why, in its language, where the bot can still speak (its system channel, #news).
    expect(h.discord.messages(NEWS).at(-1)?.content).toContain('the thread was locked');
  });

  it('posts into an existing thread through its parent’s webhook once when the worker dies after Discord wrote it', async () => {
    await start(F.ManageWebhooks);
    const { articleId } = await subscribed(
      THREAD,
      11,
      { webhook: { name: 'Harbour Desk', avatarUrl: null } },
      'Harbour reopens',
    );
    const real = createWebhookPoster(createRest(TOKEN, h.discord.apiUrl), h.deps.store.webhooks);
    const dying: WebhookPoster = {
      ...real,
      async post(...args) {
        await real.post(...args);
        throw new Error('worker killed before markSent');
      },
    };
    await expect(
      deliverChannel({ ...h.deps, publisher: createDiscordPublisher({ poster: h.poster, webhooks: dying }) }, THREAD),
    ).rejects.toThrow('worker killed');
    const [posted] = h.discord.messages(THREAD);
    expect(posted).toMatchObject({ webhook_id: h.discord.webhooks(NEWS)[0]?.id, author: { username: 'Harbour Desk' } });
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]).toMatchObject({
      state: 'pending',
      messageId: null,
    });

    expect(await deliverChannel(h.deps, THREAD)).toMatchObject({ sent: 1, failed: 0 });
    // The rerun looked in the thread, not its parent, and adopted the message instead of posting again.
    expect(h.discord.messages(THREAD)).toHaveLength(1);
    expect(h.discord.messages(NEWS)).toEqual([]);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]).toMatchObject({
      state: 'sent',
      messageId: posted!.id,
    });
    const executes = h.discord.requests.filter((r) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path));
    expect(executes.map((r) => r.query)).toEqual([expect.stringContaining(`thread_id=${THREAD}`)]);
    expect(h.discord.threads(NEWS).find((t) => t.id === THREAD)?.archived).toBe(false);
  });

  it('gives a forum post the forum’s tags for its topics, mapped or folded, once when the worker dies after posting', async () => {
    await start();
    await h.deps.store.forumTags.map(
      { guildId: GUILD_A, channelId: FORUM, topic: 'Markets', topicKey: 'markets', tag: 'Economy' },
      h.deps.now(),
    );
    // The pipeline's names: the mapped tag first, then the labels themselves.
    const { extras } = await postOptions(h.deps, FORUM, null, { topics: ['markets', '臺灣', 'Staff Picks', 'Sports'] });
    expect(extras.tags).toEqual(['Economy', 'markets', '臺灣', 'Staff Picks', 'Sports']);

    const real = h.poster;
    const dying: Poster = {
      post: (...args) => real.post(...args),
      async startThread(...args) {
        await real.startThread!(...args);
        throw new Error('worker killed before markSent');
      },
    };
    const extrasOnFake = createRestPostExtras(createRest(TOKEN, h.discord.apiUrl));
    const attemptAt = Date.now();
    await expect(
      createDiscordPublisher({ poster: dying, extras: extrasOnFake }).publishArticle(forumPost(extras, null)),
    ).rejects.toThrow('worker killed');
    const again = await h.deps.publisher!.publishArticle(forumPost(extras, attemptAt));

    const threads = h.discord.threads(FORUM);
    expect(threads).toHaveLength(1);
    expect(again).toMatchObject({ status: 'delivered', messageId: threads[0]!.id });
    // Economy (mapped) and 台灣 (folded); the moderated tag and a name the forum lacks are left out.
    const post = (await createRest(TOKEN, h.discord.apiUrl).get(Routes.channel(threads[0]!.id))) as {
      applied_tags: string[];
    };
    expect(post.applied_tags).toEqual(['1600000000000000001', '1600000000000000002']);
  });

  it('gives a forum post started through the forum’s webhook the same tags', async () => {
    await start(F.ManageWebhooks);
    await h.deps.store.forumTags.map(
      { guildId: GUILD_A, channelId: FORUM, topic: 'Markets', topicKey: 'markets', tag: 'Economy' },
      h.deps.now(),
    );
    const { extras } = await postOptions(h.deps, FORUM, null, { topics: ['markets', '臺灣', 'Staff Picks'] });
    const identity = { name: 'Harbour Desk', avatarUrl: null };
    const outcome = await h.deps.publisher!.publishArticle(forumPost(extras, null, identity));

    const [thread] = h.discord.threads(FORUM);
    expect(outcome).toMatchObject({ status: 'delivered', messageId: thread!.id });
    expect(h.discord.messages(thread!.id)[0]?.author.username).toBe('Harbour Desk');
    const [execute] = h.discord.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(execute?.body).toMatchObject({ applied_tags: ['1600000000000000001', '1600000000000000002'] });
    const post = (await createRest(TOKEN, h.discord.apiUrl).get(Routes.channel(thread!.id))) as {
      applied_tags: string[];
    };
    expect(post.applied_tags).toEqual(['1600000000000000001', '1600000000000000002']);
  });
});
