import { describe, expect, it } from 'vitest';
import { adaptersUnderTest, MINUTE, newArticle, subscribedFeed, T0, useFixture } from '../store-contract/harness.js';

describe.each(adaptersUnderTest())('discord store methods on $name', (adapter) => {
  const fx = useFixture(adapter);

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
});
