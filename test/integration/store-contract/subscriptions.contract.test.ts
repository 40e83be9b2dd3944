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

const sub = (guildId: string, channelId: string, feedId: number) => ({
  guildId,
  channelId,
  feedId,
  mentionRoleId: null,
});

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('subscription repository on $name', (adapter) => {
  const coverage = coverageOf('subscriptions');
  const fx = useFixture(adapter, coverage);

  it('subscribes a channel to a feed once and lists a guild’s subscriptions with their feeds', async () => {
    const { db, store } = fx();
    const a = await store.feeds.upsert(newFeed('https://a.example/', { title: '德國之聲' }));
    const b = await store.feeds.upsert(newFeed('https://b.example/'));
    const sub = await store.subscriptions.create(
      { guildId: 'g1', channelId: 'c1', feedId: a.id, mentionRoleId: 'r1' },
      T0,
    );
    expect(sub).toMatchObject({
      guildId: 'g1',
      channelId: 'c1',
      feedId: a.id,
      mentionRoleId: 'r1',
      pausedAt: null,
      createdAt: T0,
    });
    expect(
      await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: a.id, mentionRoleId: null }, T0 + 1),
    ).toEqual(sub);
    const second = await store.subscriptions.create(
      { guildId: 'g1', channelId: 'c2', feedId: b.id, mentionRoleId: null },
      T0 + 1,
    );
    const elsewhere = await store.subscriptions.create(
      { guildId: 'g2', channelId: 'c9', feedId: a.id, mentionRoleId: null },
      T0,
    );

    expect(await store.subscriptions.ofGuild('g1')).toEqual([
      { ...sub, feedUrl: a.url, feedTitle: '德國之聲' },
      { ...second, feedUrl: b.url, feedTitle: null },
    ]);
    expect(await store.subscriptions.ofGuild('g3')).toEqual([]);
    expect(await store.subscriptions.get(elsewhere.id)).toEqual(elsewhere);
    expect(await store.subscriptions.get(elsewhere.id + 1000)).toBeNull();

    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', sub.id).execute();
    expect((await store.subscriptions.activeForFeed(a.id)).map((s) => s.id)).toEqual([elsewhere.id]);
    expect((await store.subscriptions.ofGuild('g1'))[0]?.pausedAt).toBe(T0);
  });

  it('pauses a channel once, fails its pending deliveries, and resumes on configure', async () => {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const [article] = await store.articles.insert(feed.id, [newArticle('one')], 'new', T0);
    await store.deliveries.createForSubscriptions(article!.id, T0);

    const paused = await store.subscriptions.pauseChannel('c1', 'missing-access', T0 + MINUTE);
    expect(paused.map((s) => [s.id, s.pausedReason, s.pausedAt])).toEqual([[sub.id, 'missing-access', T0 + MINUTE]]);
    expect(await store.subscriptions.pauseChannel('c1', 'missing-access', T0 + 2 * MINUTE)).toEqual([]);
    expect(await store.deliveries.failPending('c1', 'paused')).toBe(1);
    expect((await store.deliveries.ofArticle(article!.id)).map((d) => [d.channelId, d.state])).toEqual([
      ['c1', 'failed'],
      ['c2', 'pending'],
    ]);

    await store.subscriptions.configure(sub.id, { mentionRoleId: 'r1', maxPerHour: 4, channelType: 15 });
    expect(await store.subscriptions.get(sub.id)).toMatchObject({
      pausedAt: null,
      pausedReason: null,
      mentionRoleId: 'r1',
      maxPerHour: 4,
      channelType: 15,
    });
  });

  it('removes only the invoking guild’s subscriptions and counts sent deliveries per subscription', async () => {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const other = await store.subscriptions.create(
      { guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    expect(await store.subscriptions.remove('g1', other.id)).toBe(false);
    expect(await store.subscriptions.pauseGuild('g2', 'bot-removed', T0)).toBe(1);

    const articles = await store.articles.insert(feed.id, [newArticle('a'), newArticle('b')], 'new', T0);
    for (const a of articles) await store.deliveries.createForSubscriptions(a.id, T0);
    const pending = await store.deliveries.pending('c1', 10);
    expect(pending.map((p) => p.article.itemKey)).toEqual(['a', 'b']);
    await store.deliveries.markSent(pending[0]!.delivery.id, 'm1', T0 + MINUTE);
    expect(await store.deliveries.countSentSince({ subscriptionId: sub.id }, T0)).toBe(1);
    expect(await store.deliveries.countSentSince({ subscriptionId: sub.id }, T0 + 2 * MINUTE)).toBe(0);

    expect(await store.subscriptions.removeFeed('g1', feed.id)).toBe(1);
    expect(await store.subscriptions.removeChannel('c2')).toBe(1);
    expect(await store.subscriptions.ofGuild('g1')).toEqual([]);
    expect(await store.subscriptions.ofGuild('g2')).toEqual([]);
  });

  it('pauses and removes a channel’s topic subscriptions with its feed subscriptions', async () => {
    const { store } = fx();
    await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const topic = await store.topics.upsert(
      { guildId: 'g1', channelId: 'c1', feedId: null, query: 'chips', mentionRoleId: null },
      T0,
    );
    await store.topics.upsert(
      { guildId: 'g1', channelId: 'c3', feedId: null, query: 'ports', mentionRoleId: null },
      T0,
    );
    expect(await store.topics.pauseChannel('c1', T0)).toEqual([{ id: topic.id, guildId: 'g1' }]);
    expect(await store.topics.pauseChannel('c1', T0)).toEqual([]);
    expect(await store.subscriptions.pauseGuild('g1', 'bot-removed', T0)).toBe(2);
    expect(await store.subscriptions.removeChannel('c1')).toBe(2);
    expect((await store.topics.ofGuild('g1')).map((s) => [s.channelId, s.pausedAt])).toEqual([['c3', T0]]);
  });

  it('lists a feed’s active subscriptions by id, across guilds', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const other = await store.feeds.upsert(newFeed('https://b.example/'));
    const first = await store.subscriptions.create(sub('g2', 'c2', feed.id), T0 + 5);
    const second = await store.subscriptions.create(sub('g1', 'c1', feed.id), T0);
    await store.subscriptions.create(sub('g1', 'c1', other.id), T0);
    const paused = await store.subscriptions.create(sub('g3', 'c3', feed.id), T0);
    expect(await store.subscriptions.pauseChannel('c3', 'missing-access', T0)).toHaveLength(1);

    expect(await store.subscriptions.activeForFeed(feed.id)).toEqual([first, second]);
    expect((await store.subscriptions.get(paused.id))?.pausedReason).toBe('missing-access');
    expect(await store.subscriptions.activeForFeed(feed.id + 1000)).toEqual([]);
  });

  it('configures a subscription’s mention, cap and channel type, and clears them again', async () => {
    const { store } = fx();
    const { sub: created } = await subscribedFeed(store, 'https://a.example/');
    await store.subscriptions.configure(created.id, { mentionRoleId: 'r1', maxPerHour: 4, channelType: 15 });
    expect(await store.subscriptions.get(created.id)).toEqual({
      ...created,
      mentionRoleId: 'r1',
      maxPerHour: 4,
      channelType: 15,
    });
    await store.subscriptions.configure(created.id, { mentionRoleId: null, maxPerHour: null, channelType: null });
    expect(await store.subscriptions.get(created.id)).toEqual(created);
  });

  it('sets a subscription’s filter and age cutoff when given, keeps them when not, and clears them with null', async () => {
    const { store } = fx();
    const { sub: created } = await subscribedFeed(store, 'https://a.example/');
    expect(created).toMatchObject({ filter: null, maxAgeHours: null });
    const plain = { mentionRoleId: null, maxPerHour: null, channelType: null };
    await store.subscriptions.configure(created.id, { ...plain, filter: 'entity:台灣 -title:廣告', maxAgeHours: 24 });
    expect(await store.subscriptions.get(created.id)).toEqual({
      ...created,
      filter: 'entity:台灣 -title:廣告',
      maxAgeHours: 24,
    });
    await store.subscriptions.configure(created.id, { ...plain, mentionRoleId: 'r1' });
    expect(await store.subscriptions.get(created.id)).toMatchObject({
      mentionRoleId: 'r1',
      filter: 'entity:台灣 -title:廣告',
    });
    await store.subscriptions.configure(created.id, { ...plain, filter: null, maxAgeHours: null });
    expect(await store.subscriptions.get(created.id)).toEqual(created);
    expect((await store.subscriptions.activeForFeed(created.feedId))[0]).toEqual(created);
  });

  it('sets a subscription’s own language, style and layout when given, keeps them when not, and clears them with null', async () => {
    const { store } = fx();
    const { sub: created } = await subscribedFeed(store, 'https://a.example/');
    expect(created).toMatchObject({ language: null, style: null, layout: null });
    const plain = { mentionRoleId: null, maxPerHour: null, channelType: null };
    await store.subscriptions.configure(created.id, { ...plain, language: 'zh-TW', style: 'brief', layout: 'compact' });
    const own = { ...created, language: 'zh-TW', style: 'brief', layout: 'compact' };
    expect(await store.subscriptions.get(created.id)).toEqual(own);
    expect((await store.subscriptions.activeForFeed(created.feedId))[0]).toEqual(own);
    expect((await store.subscriptions.ofGuild(created.guildId))[0]).toMatchObject(own);
    await store.subscriptions.configure(created.id, { ...plain, mentionRoleId: 'r1' });
    expect(await store.subscriptions.get(created.id)).toEqual({ ...own, mentionRoleId: 'r1' });
    await store.subscriptions.configure(created.id, { ...plain, language: null, style: null, layout: null });
    expect(await store.subscriptions.get(created.id)).toEqual(created);
  });

  it('sets a thread per post and publishing when given, keeps them when not, and turns them off', async () => {
    const { store } = fx();
    const { sub: created } = await subscribedFeed(store, 'https://a.example/');
    expect(created).toMatchObject({ thread: null, threadArchiveMinutes: null, publish: false });
    const plain = { mentionRoleId: null, maxPerHour: null, channelType: 5 };
    await store.subscriptions.configure(created.id, {
      ...plain,
      thread: 'per-article',
      threadArchiveMinutes: 10080,
      publish: true,
    });
    const own = { ...created, channelType: 5, thread: 'per-article', threadArchiveMinutes: 10080, publish: true };
    expect(await store.subscriptions.get(created.id)).toEqual(own);
    expect((await store.subscriptions.ofGuild(created.guildId))[0]).toMatchObject(own);
    await store.subscriptions.configure(created.id, { ...plain, maxPerHour: 3 });
    expect(await store.subscriptions.get(created.id)).toEqual({ ...own, maxPerHour: 3 });
    await store.subscriptions.configure(created.id, {
      ...plain,
      thread: null,
      threadArchiveMinutes: null,
      publish: false,
    });
    expect(await store.subscriptions.get(created.id)).toEqual({ ...created, channelType: 5 });
  });

  it('removes a guild’s subscriptions to one feed, leaving its other feeds and other guilds alone', async () => {
    const { store } = fx();
    const { feed, sub: a } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const b = await store.subscriptions.create(sub('g1', 'c2', feed.id), T0);
    const kept = await subscribedFeed(store, 'https://b.example/', 'g1', 'c1');
    const elsewhere = await store.subscriptions.create(sub('g2', 'c9', feed.id), T0);

    expect(await store.subscriptions.removeFeed('g1', feed.id)).toBe(2);
    expect(await store.subscriptions.get(a.id)).toBeNull();
    expect(await store.subscriptions.get(b.id)).toBeNull();
    expect((await store.subscriptions.ofGuild('g1')).map((s) => s.id)).toEqual([kept.sub.id]);
    expect(await store.subscriptions.get(elsewhere.id)).toEqual(elsewhere);
    expect(await store.subscriptions.removeFeed('g1', feed.id)).toBe(0);
    expect(await store.subscriptions.remove('g2', elsewhere.id)).toBe(true);
    expect(await store.subscriptions.remove('g2', elsewhere.id)).toBe(false);
  });

  it('pauses every active subscription of a guild with the reason, keeping earlier pauses as they were', async () => {
    const { store } = fx();
    const { feed, sub: a } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const b = await store.subscriptions.create(sub('g1', 'c2', feed.id), T0);
    const other = await store.subscriptions.create(sub('g2', 'c9', feed.id), T0);
    await store.subscriptions.pauseChannel('c2', 'missing-access', T0);

    expect(await store.subscriptions.pauseGuild('g1', 'bot-removed', T0 + MINUTE)).toBe(1);
    expect(await store.subscriptions.get(a.id)).toMatchObject({ pausedAt: T0 + MINUTE, pausedReason: 'bot-removed' });
    expect(await store.subscriptions.get(b.id)).toMatchObject({ pausedAt: T0, pausedReason: 'missing-access' });
    expect((await store.subscriptions.get(other.id))?.pausedAt).toBeNull();
    expect(await store.subscriptions.pauseGuild('g1', 'bot-removed', T0 + 2 * MINUTE)).toBe(0);
  });

  itCalledEveryMethod(coverage);
});
