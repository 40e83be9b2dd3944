import { describe, expect, it } from 'vitest';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  MINUTE,
  newArticle,
  newFeed,
  subscribedFeed,
  T0,
  useFixture,
} from './harness.js';

const topic = (guildId: string, channelId: string, query: string, feedId: number | null = null) => ({
  guildId,
  channelId,
  feedId,
  query,
  mentionRoleId: null,
});

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('topic repository on $name', (adapter) => {
  const coverage = coverageOf('topics');
  const fx = useFixture(adapter, coverage);

  it('keeps a topic subscription’s cap and channel type, updates and resumes it when created again, and counts its posts', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const sub = { guildId: 'g1', channelId: 'forum', feedId: null, query: 'chips', mentionRoleId: null };
    const topic = await store.topics.upsert({ ...sub, maxPerHour: 2, channelType: 15 }, T0);
    expect(topic).toMatchObject({ maxPerHour: 2, channelType: 15, pausedAt: null });
    expect(await store.topics.pauseChannel('forum', T0)).toHaveLength(1);
    const again = await store.topics.upsert(
      { ...sub, mentionRoleId: 'r1', maxPerHour: 5, channelType: 15, maxAgeHours: 48 },
      T0,
    );
    expect(again).toMatchObject({ id: topic.id, mentionRoleId: 'r1', maxPerHour: 5, pausedAt: null, maxAgeHours: 48 });
    expect(await store.topics.get(topic.id)).toEqual(again);
    // Created without the new fields (older callers): no cap, a text channel.
    const plain = await store.topics.upsert({ ...sub, channelId: 'c3' }, T0);
    expect(plain).toMatchObject({ maxPerHour: null, channelType: null, maxAgeHours: null });
    // Its own language, style and layout: kept, replaced when created again, and null (the server's) when not given.
    const own = await store.topics.upsert(
      { ...sub, channelId: 'c4', language: 'en', style: 'detailed', layout: 'full' },
      T0,
    );
    expect(own).toMatchObject({ language: 'en', style: 'detailed', layout: 'full' });
    expect(await store.topics.get(own.id)).toEqual(own);
    expect(plain).toMatchObject({ language: null, style: null, layout: null });
    const changed = await store.topics.upsert({ ...sub, channelId: 'c4', language: 'zh-CN' }, T0);
    expect(changed).toMatchObject({ id: own.id, language: 'zh-CN', style: null, layout: null });
    expect((await store.topics.ofGuild('g1')).find((t) => t.id === own.id)).toEqual(changed);
    // A thread per post and publishing: kept as given, off when created again without them.
    const threaded = await store.topics.upsert(
      { ...sub, channelId: 'c5', thread: 'per-article', threadArchiveMinutes: 60, publish: true },
      T0,
    );
    expect(threaded).toMatchObject({ thread: 'per-article', threadArchiveMinutes: 60, publish: true });
    expect(await store.topics.get(threaded.id)).toEqual(threaded);
    expect(await store.topics.upsert({ ...sub, channelId: 'c5' }, T0)).toMatchObject({
      id: threaded.id,
      thread: null,
      threadArchiveMinutes: null,
      publish: false,
    });

    const [article] = await store.articles.insert(feed.id, [newArticle('chips')], 'new', T0);
    const planned = {
      channelId: 'forum',
      guildId: 'g1',
      subscriptionId: null,
      topicSubscriptionId: again.id,
      state: 'pending' as const,
      error: null,
      mentionRoleIds: [],
    };
    expect(await store.deliveries.createPlanned(article!.id, [planned], T0)).toEqual(['forum']);
    const [delivery] = (await store.deliveries.ofArticle(article!.id)).filter((d) => d.channelId === 'forum');
    expect(delivery?.attemptedAt).toBeNull();
    await store.deliveries.markAttempted(delivery!.id, T0 + MINUTE);
    // Only the first attempt counts: a retry looks for what that one may have posted.
    await store.deliveries.markAttempted(delivery!.id, T0 + 2 * MINUTE);
    expect((await store.deliveries.nextPending('forum'))?.delivery.attemptedAt).toBe(T0 + MINUTE);

    expect(await store.deliveries.countSentSince({ topicSubscriptionId: topic.id }, T0)).toBe(0);
    await store.deliveries.markSent(delivery!.id, 'thread-1', T0 + 3 * MINUTE);
    expect(await store.deliveries.countSentSince({ topicSubscriptionId: topic.id }, T0)).toBe(1);
    expect(await store.deliveries.countSentSince({ topicSubscriptionId: topic.id }, T0 + 4 * MINUTE)).toBe(0);
    expect(await store.deliveries.countSentSince({ topicSubscriptionId: plain.id }, T0)).toBe(0);
  });

  it('keeps one topic subscription per channel, query and feed, and lists and removes them per guild', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const all = await store.topics.upsert(topic('g1', 'c1', '颱風'), T0);
    const one = await store.topics.upsert(topic('g1', 'c1', '颱風', feed.id), T0 + 1);
    const other = await store.topics.upsert(topic('g1', 'c2', '颱風'), T0 + 2);
    const elsewhere = await store.topics.upsert(topic('g2', 'c9', 'chips'), T0);
    expect(new Set([all.id, one.id, other.id, elsewhere.id]).size).toBe(4);
    expect(all).toEqual({
      id: all.id,
      guildId: 'g1',
      channelId: 'c1',
      feedId: null,
      query: '颱風',
      mentionRoleId: null,
      pausedAt: null,
      createdAt: T0,
      maxPerHour: null,
      channelType: null,
      maxAgeHours: null,
      language: null,
      style: null,
      layout: null,
      thread: null,
      threadArchiveMinutes: null,
      publish: false,
      webhook: null,
    });
    expect(one.feedId).toBe(feed.id);
    expect((await store.topics.upsert(topic('g1', 'c1', '颱風'), T0 + 5)).id).toBe(all.id);

    expect(await store.topics.ofGuild('g1')).toEqual([all, one, other]);
    expect(await store.topics.remove('g2', all.id)).toBe(false);
    expect(await store.topics.remove('g1', all.id)).toBe(true);
    expect(await store.topics.remove('g1', all.id)).toBe(false);
    expect(await store.topics.get(all.id)).toBeNull();
    expect((await store.topics.ofGuild('g1')).map((s) => s.id)).toEqual([one.id, other.id]);
    expect(await store.topics.ofGuild('nobody')).toEqual([]);
  });

  it('offers an article to the active topics of guilds following its feed, for all their feeds or that one', async () => {
    const { db, store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const { feed: otherFeed, sub: pausedSub } = await subscribedFeed(store, 'https://b.example/', 'g2', 'c2');
    await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    // A guild whose only subscription to the feed is paused still sees it (its channel was lost, not its choice).
    await store.subscriptions.create({ guildId: 'g3', channelId: 'c3', feedId: feed.id, mentionRoleId: null }, T0);
    await store.subscriptions.pauseChannel('c3', 'missing-access', T0);
    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', pausedSub.id).execute();

    const everyFeed = await store.topics.upsert(topic('g1', 't1', 'x'), T0);
    const thisFeed = await store.topics.upsert(topic('g2', 't2', 'x', feed.id), T0);
    await store.topics.upsert(topic('g2', 't3', 'x', otherFeed.id), T0);
    const pausedGuild = await store.topics.upsert(topic('g3', 't4', 'x'), T0);
    await store.topics.upsert(topic('g4', 't5', 'x'), T0);
    const paused = await store.topics.upsert(topic('g1', 't6', 'x'), T0);
    await store.topics.pauseChannel('t6', T0);

    const [article] = await store.articles.insert(feed.id, [newArticle('a')], 'new', T0);
    expect((await store.topics.forArticle(article!.id)).map((s) => s.id)).toEqual([
      everyFeed.id,
      thisFeed.id,
      pausedGuild.id,
    ]);
    expect((await store.topics.forArticle(article!.id)).some((s) => s.id === paused.id)).toBe(false);
    expect(await store.topics.forArticle(article!.id + 1000)).toEqual([]);
  });

  it('pauses a channel’s active topic subscriptions once, leaving other channels alone', async () => {
    const { store } = fx();
    const a = await store.topics.upsert(topic('g1', 'c1', 'chips'), T0);
    const b = await store.topics.upsert(topic('g1', 'c1', 'ports'), T0);
    const other = await store.topics.upsert(topic('g1', 'c2', 'chips'), T0);
    const paused = await store.topics.pauseChannel('c1', T0 + MINUTE);
    expect(paused.sort((x, y) => x.id - y.id)).toEqual([
      { id: a.id, guildId: 'g1' },
      { id: b.id, guildId: 'g1' },
    ]);
    expect(await store.topics.pauseChannel('c1', T0 + 2 * MINUTE)).toEqual([]);
    expect((await store.topics.get(a.id))?.pausedAt).toBe(T0 + MINUTE);
    expect((await store.topics.get(other.id))?.pausedAt).toBeNull();
  });

  itCalledEveryMethod(coverage);
});
