import { describe, expect, it } from 'vitest';
import type { PlannedDelivery, Store } from '../../../src/store/store.js';
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

async function feedWithArticle(store: Store, url = 'https://a.example/') {
  const feed = await store.feeds.upsert(newFeed(url));
  const [article] = await store.articles.insert(feed.id, [newArticle('k1')], 'new', T0);
  if (!article) throw new Error('article not inserted');
  return { feed, article };
}

/** One article of a feed that channels c1 and c2 follow, with its two pending deliveries (c1's first). */
async function deliveriesInTwoChannels(store: Store) {
  const { feed, article } = await feedWithArticle(store);
  for (const channelId of ['c1', 'c2']) {
    await store.subscriptions.create({ guildId: 'g1', channelId, feedId: feed.id, mentionRoleId: null }, T0);
  }
  await store.deliveries.createForSubscriptions(article.id, T0);
  const [d1, d2] = await store.deliveries.ofArticle(article.id);
  return { feed, article, d1, d2 };
}

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('delivery repository on $name', (adapter) => {
  const coverage = coverageOf('deliveries');
  const fx = useFixture(adapter, coverage);

  it('creates one pending delivery per active subscription of the article’s feed, once', async () => {
    const { db, store } = fx();
    const { feed, article } = await feedWithArticle(store);
    const other = await store.feeds.upsert(newFeed('https://b.example/'));
    const s1 = await store.subscriptions.create(
      { guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    const s2 = await store.subscriptions.create(
      { guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    const paused = await store.subscriptions.create(
      { guildId: 'g3', channelId: 'c3', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c4', feedId: other.id, mentionRoleId: null }, T0);
    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', paused.id).execute();

    expect((await store.deliveries.createForSubscriptions(article.id, T0 + MINUTE)).sort()).toEqual(['c1', 'c2']);
    expect((await store.deliveries.createForSubscriptions(article.id, T0 + 2 * MINUTE)).sort()).toEqual(['c1', 'c2']);
    const deliveries = await store.deliveries.ofArticle(article.id);
    expect(deliveries.map((d) => [d.channelId, d.guildId, d.subscriptionId, d.state, d.createdAt])).toEqual([
      ['c1', 'g1', s1.id, 'pending', T0 + MINUTE],
      ['c2', 'g2', s2.id, 'pending', T0 + MINUTE],
    ]);
    expect(deliveries.every((d) => d.articleId === article.id && d.messageId === null && d.sentAt === null)).toBe(true);

    // A channel that subscribes later is added; one already posted to is no longer pending.
    await store.subscriptions.create({ guildId: 'g5', channelId: 'c5', feedId: feed.id, mentionRoleId: null }, T0);
    await store.deliveries.markSent(deliveries[0]!.id, 'm1', T0 + 3 * MINUTE);
    expect((await store.deliveries.createForSubscriptions(article.id, T0 + 4 * MINUTE)).sort()).toEqual(['c2', 'c5']);
    expect(await store.deliveries.ofArticle(article.id)).toHaveLength(3);
    expect(await store.deliveries.createForSubscriptions(article.id + 1000, T0)).toEqual([]);
  });

  it('hands out a channel’s pending deliveries oldest article first, undated ones by storage time', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const articles = await store.articles.insert(
      feed.id,
      [
        newArticle('late', { publishedAt: T0 + 5 * MINUTE }),
        newArticle('tie-a', { publishedAt: T0 + 2 * MINUTE }),
        newArticle('undated', { publishedAt: null }),
        newArticle('tie-b', { publishedAt: T0 + 2 * MINUTE }),
        newArticle('early', { publishedAt: T0 - MINUTE }),
      ],
      'new',
      T0 + 3 * MINUTE,
    );
    // Fan out newest first, so that delivery ids do not already give the expected order.
    for (const a of [...articles].reverse()) await store.deliveries.createForSubscriptions(a.id, T0);

    const order: string[] = [];
    for (let next = await store.deliveries.nextPending('c1'); next; next = await store.deliveries.nextPending('c1')) {
      expect(next.delivery).toMatchObject({ channelId: 'c1', articleId: next.article.id, state: 'pending' });
      order.push(next.article.itemKey);
      if (order.length % 2) await store.deliveries.markSent(next.delivery.id, `m${order.length}`, T0);
      else await store.deliveries.markFailed(next.delivery.id, 'Missing Access');
    }
    expect(order).toEqual(['early', 'tie-a', 'tie-b', 'undated', 'late']);
    expect((await store.deliveries.nextPending('c2'))?.article.itemKey).toBe('early');
    expect(await store.deliveries.nextPending('nobody')).toBeNull();
  });

  it('records sent and failed posts, and never turns a sent delivery into a failed one', async () => {
    const { store } = fx();
    const { article, d1, d2 } = await deliveriesInTwoChannels(store);

    await store.deliveries.markSent(d1!.id, '1234567890123456789', T0 + MINUTE);
    await store.deliveries.markFailed(d1!.id, 'late retry failed');
    await store.deliveries.markFailed(d2!.id, 'Unknown Channel');
    expect(await store.deliveries.ofArticle(article.id)).toEqual([
      { ...d1, state: 'sent', messageId: '1234567890123456789', sentAt: T0 + MINUTE, error: null },
      { ...d2, state: 'failed', error: 'Unknown Channel' },
    ]);
  });

  it('records a planned fan-out: pending with its roles or skipped with why, taking over pending rows only', async () => {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const [article] = await store.articles.insert(feed.id, [newArticle('plan')], 'new', T0);
    const topic = await store.topics.upsert(
      { guildId: 'g1', channelId: 'c2', feedId: null, query: 'plan', mentionRoleId: null },
      T0,
    );
    // Found by the poll: pending for c1 before any decision, as the poll stage leaves it.
    expect(await store.deliveries.createForSubscriptions(article!.id, T0)).toEqual(['c1']);
    const planned = [
      {
        channelId: 'c1',
        guildId: 'g1',
        subscriptionId: sub.id,
        topicSubscriptionId: null,
        state: 'skipped' as const,
        error: 'filter: -title:plan',
        mentionRoleIds: [],
      },
      {
        channelId: 'c2',
        guildId: 'g1',
        subscriptionId: null,
        topicSubscriptionId: topic.id,
        state: 'pending' as const,
        error: null,
        mentionRoleIds: ['r1', 'r2'],
      },
    ];
    expect(await store.deliveries.createPlanned(article!.id, planned, T0 + MINUTE)).toEqual(['c2']);
    const made = await store.deliveries.ofArticle(article!.id);
    expect(made.map((d) => [d.channelId, d.subscriptionId, d.topicSubscriptionId, d.state, d.error])).toEqual([
      ['c1', sub.id, null, 'skipped', 'filter: -title:plan'],
      ['c2', null, topic.id, 'pending', null],
    ]);
    expect(made.map((d) => d.mentionRoleIds)).toEqual([[], ['r1', 'r2']]);
    // Made without a plan: no decided roles.
    const [other] = await store.articles.insert(feed.id, [newArticle('other')], 'new', T0);
    await store.deliveries.createForSubscriptions(other!.id, T0);
    expect((await store.deliveries.ofArticle(other!.id))[0]?.mentionRoleIds).toBeNull();

    // Once acted on, a delivery keeps what became of it: a second plan changes nothing there.
    await store.deliveries.markSent(made[1]!.id, 'm1', T0 + 2 * MINUTE);
    const again = planned.map((p) => ({ ...p, state: 'pending' as const, error: null, mentionRoleIds: ['r9'] }));
    expect(await store.deliveries.createPlanned(article!.id, again, T0 + 3 * MINUTE)).toEqual([]);
    expect(await store.deliveries.ofArticle(article!.id)).toEqual([
      made[0],
      { ...made[1], state: 'sent', messageId: 'm1', sentAt: T0 + 2 * MINUTE },
    ]);
    expect(await store.deliveries.createPlanned(article!.id, [], T0)).toEqual([]);
  });

  it('backfills chosen articles to one subscription’s channel, once each', async () => {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const [a, b] = await store.articles.insert(feed.id, [newArticle('a'), newArticle('b')], 'seen', T0);

    expect(await store.deliveries.createBackfill(sub.id, [b!.id, a!.id], T0 + MINUTE)).toBe(2);
    expect(await store.deliveries.createBackfill(sub.id, [a!.id], T0 + 2 * MINUTE)).toBe(0);
    expect(await store.deliveries.createBackfill(sub.id, [], T0)).toBe(0);
    expect(
      (await store.deliveries.ofArticle(a!.id)).map((d) => [d.channelId, d.subscriptionId, d.state, d.createdAt]),
    ).toEqual([['c1', sub.id, 'pending', T0 + MINUTE]]);
    await expect(store.deliveries.createBackfill(sub.id + 1000, [a!.id], T0)).rejects.toThrow();
  });

  it('names the channels whose pending deliveries are ready to post, by channel id, up to the limit', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c3');
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const [waiting, ready, old] = await store.articles.insert(
      feed.id,
      [newArticle('waiting'), newArticle('ready'), newArticle('old')],
      'new',
      T0,
    );
    for (const a of [waiting, ready, old]) await store.deliveries.createForSubscriptions(a!.id, T0);
    // Only an article that is no longer `new` is ready (summarized, or seen for a backfill).
    expect(await store.deliveries.readyChannels(10)).toEqual([]);
    await store.articles.setState(ready!.id, 'summarized', 'story');
    await store.articles.setState(old!.id, 'seen');
    expect(await store.deliveries.readyChannels(10)).toEqual(['c1', 'c2', 'c3']);
    expect(await store.deliveries.readyChannels(2)).toEqual(['c1', 'c2']);
    // A channel with nothing pending that is ready drops out.
    for (const d of await store.deliveries.ofArticle(ready!.id))
      if (d.channelId === 'c1') await store.deliveries.markSent(d.id, 'm', T0);
    for (const d of await store.deliveries.ofArticle(old!.id))
      if (d.channelId === 'c1') await store.deliveries.markFailed(d.id, 'x');
    expect(await store.deliveries.readyChannels(10)).toEqual(['c2', 'c3']);
  });

  it('hands out up to a number of a channel’s pending deliveries in delivery order, with their articles', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const articles = await store.articles.insert(
      feed.id,
      [
        newArticle('b', { publishedAt: T0 + MINUTE }),
        newArticle('a', { publishedAt: T0 }),
        newArticle('c', { publishedAt: null }),
      ],
      'new',
      T0 + 5 * MINUTE,
    );
    for (const a of articles) await store.deliveries.createForSubscriptions(a.id, T0);
    const pending = await store.deliveries.pending('c1', 2);
    expect(pending.map((p) => p.article.itemKey)).toEqual(['a', 'b']);
    expect(pending[0]!.article).toEqual(articles[1]);
    expect(pending[0]!.delivery).toMatchObject({ articleId: articles[1]!.id, channelId: 'c1', state: 'pending' });
    expect((await store.deliveries.pending('c1', 10)).map((p) => p.article.itemKey)).toEqual(['a', 'b', 'c']);
    expect(await store.deliveries.pending('c9', 10)).toEqual([]);
  });

  it('records a forum post’s first attempt only, and only while the delivery is pending', async () => {
    const { store } = fx();
    const { article, d1, d2 } = await deliveriesInTwoChannels(store);
    expect(d1!.attemptedAt).toBeNull();

    await store.deliveries.markAttempted(d1!.id, T0 + MINUTE);
    await store.deliveries.markAttempted(d1!.id, T0 + 2 * MINUTE);
    await store.deliveries.markSent(d2!.id, 'm2', T0);
    await store.deliveries.markAttempted(d2!.id, T0 + 3 * MINUTE);
    expect((await store.deliveries.ofArticle(article.id)).map((d) => d.attemptedAt)).toEqual([T0 + MINUTE, null]);
    expect((await store.deliveries.nextPending('c1'))?.delivery.attemptedAt).toBe(T0 + MINUTE);
  });

  it('skips a pending delivery with its reason, and never turns a sent one into a skipped one', async () => {
    const { store } = fx();
    const { article, d1, d2 } = await deliveriesInTwoChannels(store);

    await store.deliveries.markSkipped(d1!.id, 'filler');
    await store.deliveries.markSent(d2!.id, 'm2', T0 + MINUTE);
    await store.deliveries.markSkipped(d2!.id, 'filler');
    expect(await store.deliveries.ofArticle(article.id)).toEqual([
      { ...d1, state: 'skipped', error: 'filler' },
      { ...d2, state: 'sent', messageId: 'm2', sentAt: T0 + MINUTE },
    ]);
    expect(await store.deliveries.nextPending('c1')).toBeNull();
  });

  it('fails every pending delivery of one channel, leaving sent ones and other channels alone', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const articles = await store.articles.insert(
      feed.id,
      [newArticle('a'), newArticle('b'), newArticle('c')],
      'new',
      T0,
    );
    for (const a of articles) await store.deliveries.createForSubscriptions(a.id, T0);
    const sent = (await store.deliveries.ofArticle(articles[0]!.id)).find((d) => d.channelId === 'c1')!;
    await store.deliveries.markSent(sent.id, 'm1', T0);

    expect(await store.deliveries.failPending('c1', 'paused: missing-access')).toBe(2);
    expect(await store.deliveries.failPending('c1', 'again')).toBe(0);
    const c1 = (await Promise.all(articles.map((a) => store.deliveries.ofArticle(a.id))))
      .flat()
      .filter((d) => d.channelId === 'c1');
    expect(c1.map((d) => [d.state, d.error])).toEqual([
      ['sent', null],
      ['failed', 'paused: missing-access'],
      ['failed', 'paused: missing-access'],
    ]);
    expect(await store.deliveries.pending('c2', 10)).toHaveLength(3);
  });

  it('counts a subscription’s or a topic’s deliveries sent since a time', async () => {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const topic = await store.topics.upsert(
      { guildId: 'g1', channelId: 'forum', feedId: null, query: 'x', mentionRoleId: null },
      T0,
    );
    const articles = await store.articles.insert(
      feed.id,
      [newArticle('a'), newArticle('b'), newArticle('c')],
      'new',
      T0,
    );
    for (const a of articles) {
      await store.deliveries.createForSubscriptions(a.id, T0);
      await store.deliveries.createPlanned(a.id, [topicDelivery(topic)], T0);
    }
    const [a, b, c] = await Promise.all(articles.map((x) => store.deliveries.ofArticle(x.id)));
    await store.deliveries.markSent(a![0]!.id, 'm1', T0 + MINUTE);
    await store.deliveries.markSent(b![0]!.id, 'm2', T0 + 3 * MINUTE);
    await store.deliveries.markFailed(c![0]!.id, 'x');
    await store.deliveries.markSent(a![1]!.id, 't1', T0 + 2 * MINUTE);

    expect(await store.deliveries.countSentSince({ subscriptionId: sub.id }, T0)).toBe(2);
    expect(await store.deliveries.countSentSince({ subscriptionId: sub.id }, T0 + 3 * MINUTE)).toBe(1);
    expect(await store.deliveries.countSentSince({ subscriptionId: sub.id }, T0 + 4 * MINUTE)).toBe(0);
    expect(await store.deliveries.countSentSince({ topicSubscriptionId: topic.id }, T0)).toBe(1);
    expect(await store.deliveries.countSentSince({ topicSubscriptionId: topic.id + 1 }, T0)).toBe(0);
  });

  it('counts a channel’s published messages since a time, a roundup’s deliveries once', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    const articles = await store.articles.insert(
      feed.id,
      ['a', 'b', 'c', 'd'].map((k) => newArticle(k)),
      'new',
      T0,
    );
    for (const a of articles) await store.deliveries.createForSubscriptions(a.id, T0);
    const [a, b, c, d] = await Promise.all(articles.map((x) => store.deliveries.ofArticle(x.id)));
    await store.deliveries.markSent(a![0]!.id, 'm1', T0 + MINUTE, true);
    // One roundup message for two deliveries.
    await store.deliveries.markSent(b![0]!.id, 'r1', T0 + 2 * MINUTE, true);
    await store.deliveries.markSent(c![0]!.id, 'r1', T0 + 2 * MINUTE, true);
    await store.deliveries.markSent(d![0]!.id, 'm4', T0 + 3 * MINUTE);
    // Another channel's publishes are its own.
    await store.deliveries.markSent(a![1]!.id, 'm5', T0 + 3 * MINUTE, true);

    expect(await store.deliveries.countPublishedSince('c1', T0)).toBe(2);
    expect(await store.deliveries.countPublishedSince('c1', T0 + 2 * MINUTE)).toBe(1);
    expect(await store.deliveries.countPublishedSince('c1', T0 + 3 * MINUTE)).toBe(0);
    expect(await store.deliveries.countPublishedSince('c2', T0)).toBe(1);
    expect((await store.deliveries.ofArticle(a![0]!.articleId))[0]?.publishedAt).toBe(T0 + MINUTE);
    expect((await store.deliveries.ofArticle(d![0]!.articleId))[0]?.publishedAt).toBeNull();
  });

  itCalledEveryMethod(coverage);
});

/** A pending delivery planned for a topic subscription, mentioning nobody. */
function topicDelivery(topic: { id: number; channelId: string; guildId: string }): PlannedDelivery {
  return {
    channelId: topic.channelId,
    guildId: topic.guildId,
    subscriptionId: null,
    topicSubscriptionId: topic.id,
    state: 'pending',
    error: null,
    mentionRoleIds: [],
  };
}
