import { describe, expect, it } from 'vitest';
import { adaptersUnderTest, MINUTE, newArticle, subscribedFeed, T0, useFixture } from '../store-contract/harness.js';

describe.each(adaptersUnderTest())('discord store methods on $name', (adapter) => {
  const fx = useFixture(adapter);

  it('pauses a channel once, fails its pending deliveries, and resumes on configure', async () => {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    await store.subscribe({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const [article] = await store.articles.insert(feed.id, [newArticle('one')], 'new', T0);
    await store.createDeliveries(article!.id, T0);

    const paused = await store.pauseChannelSubscriptions('c1', 'missing-access', T0 + MINUTE);
    expect(paused.map((s) => [s.id, s.pausedReason, s.pausedAt])).toEqual([[sub.id, 'missing-access', T0 + MINUTE]]);
    expect(await store.pauseChannelSubscriptions('c1', 'missing-access', T0 + 2 * MINUTE)).toEqual([]);
    expect(await store.failPendingDeliveries('c1', 'paused', T0)).toBe(1);
    expect((await store.listDeliveries(article!.id)).map((d) => [d.channelId, d.state])).toEqual([
      ['c1', 'failed'],
      ['c2', 'pending'],
    ]);

    await store.configureSubscription(sub.id, { mentionRoleId: 'r1', maxPerHour: 4, channelType: 15 });
    expect(await store.getSubscription(sub.id)).toMatchObject({
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
    const other = await store.subscribe({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    expect(await store.removeSubscription('g1', other.id)).toBe(false);
    expect(await store.pauseGuildSubscriptions('g2', 'bot-removed', T0)).toBe(1);

    const articles = await store.articles.insert(feed.id, [newArticle('a'), newArticle('b')], 'new', T0);
    for (const a of articles) await store.createDeliveries(a.id, T0);
    const pending = await store.pendingDeliveries('c1', 10);
    expect(pending.map((p) => p.article.itemKey)).toEqual(['a', 'b']);
    await store.markDeliverySent(pending[0]!.delivery.id, 'm1', T0 + MINUTE);
    expect(await store.countSentSince({ subscriptionId: sub.id }, T0)).toBe(1);
    expect(await store.countSentSince({ subscriptionId: sub.id }, T0 + 2 * MINUTE)).toBe(0);

    expect(await store.removeFeedSubscriptions('g1', feed.id)).toBe(1);
    expect(await store.removeChannelSubscriptions('c2')).toBe(1);
    expect(await store.listSubscriptions('g1')).toEqual([]);
    expect(await store.listSubscriptions('g2')).toEqual([]);
  });

  it('keeps a topic subscription’s cap and channel type, updates and resumes it when created again, and counts its posts', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const sub = { guildId: 'g1', channelId: 'forum', feedId: null, query: 'chips', mentionRoleId: null };
    const topic = await store.createTopicSubscription({ ...sub, maxPerHour: 2, channelType: 15 }, T0);
    expect(topic).toMatchObject({ maxPerHour: 2, channelType: 15, pausedAt: null });
    expect(await store.pauseChannelTopicSubscriptions('forum', T0)).toHaveLength(1);
    const again = await store.createTopicSubscription(
      { ...sub, mentionRoleId: 'r1', maxPerHour: 5, channelType: 15 },
      T0,
    );
    expect(again).toMatchObject({ id: topic.id, mentionRoleId: 'r1', maxPerHour: 5, pausedAt: null });
    expect(await store.getTopicSubscription(topic.id)).toEqual(again);
    // Created without the new fields (older callers): no cap, a text channel.
    const plain = await store.createTopicSubscription({ ...sub, channelId: 'c3' }, T0);
    expect(plain).toMatchObject({ maxPerHour: null, channelType: null });

    const [article] = await store.articles.insert(feed.id, [newArticle('chips')], 'new', T0);
    expect(await store.createTopicDeliveries(article!.id, [again], T0)).toBe(1);
    const [delivery] = (await store.listDeliveries(article!.id)).filter((d) => d.channelId === 'forum');
    expect(delivery?.attemptedAt).toBeNull();
    await store.markDeliveryAttempt(delivery!.id, T0 + MINUTE);
    // Only the first attempt counts: a retry looks for what that one may have posted.
    await store.markDeliveryAttempt(delivery!.id, T0 + 2 * MINUTE);
    expect((await store.nextPendingDelivery('forum'))?.delivery.attemptedAt).toBe(T0 + MINUTE);

    expect(await store.countSentSince({ topicSubscriptionId: topic.id }, T0)).toBe(0);
    await store.markDeliverySent(delivery!.id, 'thread-1', T0 + 3 * MINUTE);
    expect(await store.countSentSince({ topicSubscriptionId: topic.id }, T0)).toBe(1);
    expect(await store.countSentSince({ topicSubscriptionId: topic.id }, T0 + 4 * MINUTE)).toBe(0);
    expect(await store.countSentSince({ topicSubscriptionId: plain.id }, T0)).toBe(0);
  });

  it('pauses and removes a channel’s topic subscriptions with its feed subscriptions', async () => {
    const { store } = fx();
    await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const topic = await store.createTopicSubscription(
      { guildId: 'g1', channelId: 'c1', feedId: null, query: 'chips', mentionRoleId: null },
      T0,
    );
    await store.createTopicSubscription(
      { guildId: 'g1', channelId: 'c3', feedId: null, query: 'ports', mentionRoleId: null },
      T0,
    );
    expect(await store.pauseChannelTopicSubscriptions('c1', T0)).toEqual([{ id: topic.id, guildId: 'g1' }]);
    expect(await store.pauseChannelTopicSubscriptions('c1', T0)).toEqual([]);
    expect(await store.pauseGuildSubscriptions('g1', 'bot-removed', T0)).toBe(2);
    expect(await store.removeChannelSubscriptions('c1')).toBe(2);
    expect((await store.listTopicSubscriptions('g1')).map((s) => [s.channelId, s.pausedAt])).toEqual([['c3', T0]]);
  });
});
