import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  MINUTE,
  newArticle,
  newFeed,
  T0,
  useFixture,
} from './harness.js';

/** Two feeds followed in channel c1 of g1, one article each of story `s`, and their pending deliveries. */
async function twoCopies(store: Store) {
  const ids: Array<{ articleId: number; deliveryId: number; subscriptionId: number; feedId: number }> = [];
  for (const [i, title] of ['AP', 'DW 中文'].entries()) {
    const feed = await store.feeds.upsert(newFeed(`https://${i}.example/`, { title }));
    const sub = await store.subscriptions.create(
      { guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    const [article] = await store.articles.insert(
      feed.id,
      [newArticle(`k${i}`, { link: `https://${i}.example/a` })],
      'new',
      T0 + i * MINUTE,
    );
    if (!article) throw new Error('article not inserted');
    await store.articles.setState(article.id, 'summarized', 's');
    await store.deliveries.createForSubscriptions(article.id, T0);
    const [delivery] = await store.deliveries.ofArticle(article.id);
    if (!delivery) throw new Error('no delivery');
    ids.push({ articleId: article.id, deliveryId: delivery.id, subscriptionId: sub.id, feedId: feed.id });
  }
  return ids as [(typeof ids)[0], (typeof ids)[0]];
}

describe.each(adaptersUnderTest())('story post repository on $name', (adapter) => {
  const coverage = coverageOf('storyPosts');
  const fx = useFixture(adapter, coverage);

  it('keeps one post per channel and story, hands it over on request and records merged copies once', async () => {
    const { store } = fx();
    const [first, second] = await twoCopies(store);
    const at = { channelId: 'c1', guildId: 'g1', storyKey: 's' };
    const claimed = await store.storyPosts.claim({ ...at, deliveryId: first.deliveryId }, T0);
    expect(claimed.owner).toMatchObject({ deliveryId: first.deliveryId, articleId: first.articleId, state: 'pending' });
    // The second copy finds the first one's post.
    const found = await store.storyPosts.claim({ ...at, deliveryId: second.deliveryId }, T0 + MINUTE);
    expect(found.post).toEqual(claimed.post);
    await store.deliveries.markSent(first.deliveryId, 'm1', T0 + 2);
    expect((await store.storyPosts.claim({ ...at, deliveryId: second.deliveryId }, T0)).owner).toMatchObject({
      state: 'sent',
      messageId: 'm1',
      sentAt: T0 + 2,
      subscriptionId: first.subscriptionId,
    });

    await store.storyPosts.addArticle(claimed.post.id, second.articleId, T0 + MINUTE);
    await store.storyPosts.addArticle(claimed.post.id, second.articleId, T0 + 2 * MINUTE);
    const articles = await store.storyPosts.articles(claimed.post.id);
    expect(articles.map((a) => [a.articleId, a.feedTitle, a.link, a.seenAt])).toEqual([
      [first.articleId, 'AP', 'https://0.example/a', T0],
      [second.articleId, 'DW 中文', 'https://1.example/a', T0 + MINUTE],
    ]);
    expect(await store.storyPosts.ofDelivery(first.deliveryId)).toEqual(claimed.post);
    expect(await store.storyPosts.ofDelivery(second.deliveryId)).toBeNull();

    // Handed over only from its current delivery; the merged copies and the alert go with the old post.
    expect(await store.storyPosts.takeOver(claimed.post.id, second.deliveryId, first.deliveryId, T0)).toBe(false);
    expect(await store.storyPosts.claimAlert(claimed.post.id, T0)).toBe(true);
    expect(await store.storyPosts.takeOver(claimed.post.id, first.deliveryId, second.deliveryId, T0 + 3)).toBe(true);
    const taken = await store.storyPosts.claim({ ...at, deliveryId: first.deliveryId }, T0);
    expect(taken.post).toMatchObject({
      id: claimed.post.id,
      deliveryId: second.deliveryId,
      createdAt: T0 + 3,
      alertedAt: null,
    });
    expect((await store.storyPosts.articles(claimed.post.id)).map((a) => a.articleId)).toEqual([second.articleId]);
  });

  it('claims a post’s alert once, and again only while no message is recorded', async () => {
    const { store } = fx();
    const [first] = await twoCopies(store);
    const { post } = await store.storyPosts.claim(
      { channelId: 'c1', guildId: 'g1', storyKey: 's', deliveryId: first.deliveryId },
      T0,
    );
    expect(await store.storyPosts.claimAlert(post.id, T0)).toBe(true);
    expect(await store.storyPosts.claimAlert(post.id, T0 + 1)).toBe(true);
    await store.storyPosts.markAlerted(post.id, 'a1');
    expect(await store.storyPosts.claimAlert(post.id, T0 + 2)).toBe(false);
    expect(await store.storyPosts.ofDelivery(first.deliveryId)).toMatchObject({ alertedAt: T0, alertMessageId: 'a1' });
  });

  it('lists a story’s articles from the feeds a guild follows', async () => {
    const { store } = fx();
    const [first, second] = await twoCopies(store);
    const elsewhere = await store.feeds.upsert(newFeed('https://other.example/'));
    const [hidden] = await store.articles.insert(elsewhere.id, [newArticle('x')], 'new', T0);
    await store.articles.setState(hidden?.id ?? 0, 'summarized', 's');
    const listed = await store.storyPosts.coverage('s', 'g1', 10);
    expect(listed.map((a) => a.articleId)).toEqual([first.articleId, second.articleId]);
    expect(await store.storyPosts.coverage('s', 'g1', 1)).toHaveLength(1);
    expect(await store.storyPosts.coverage('s', 'g2', 10)).toEqual([]);
  });

  it('lists the articles of the stories linked to a story with it, in time order', async () => {
    const { store } = fx();
    const [first, second] = await twoCopies(store);
    // The second copy reports the event in another language: a story of its own, linked to the first one's.
    const translated = await store.stories.assign({ key: 'zh', signature: 'x', bands: ['b'] }, () => null, T0, {
      since: 0,
      limit: 1,
    });
    await store.articles.setState(second.articleId, 'summarized', translated.storyKey);
    expect((await store.storyPosts.coverage('s', 'g1', 10)).map((a) => a.articleId)).toEqual([first.articleId]);
    await store.stories.link(translated.storyKey, 's');
    const listed = await store.storyPosts.coverage('s', 'g1', 10);
    expect(listed.map((a) => [a.articleId, a.feedTitle])).toEqual([
      [first.articleId, 'AP'],
      [second.articleId, 'DW 中文'],
    ]);
    // The linked story alone lists only its own articles.
    expect((await store.storyPosts.coverage(translated.storyKey, 'g1', 10)).map((a) => a.articleId)).toEqual([
      second.articleId,
    ]);
  });

  it('stores settings per subscription and per guild, defaults filled in', async () => {
    const { store } = fx();
    const [first, second] = await twoCopies(store);
    expect(await store.storyPosts.subscriptionSettings(first.subscriptionId)).toEqual({ perStory: null, alert: null });
    expect(await store.storyPosts.guildSettings('g1')).toEqual({ perStory: true, windowHours: 48 });
    await store.storyPosts.configureSubscription(first.subscriptionId, { perStory: false });
    const alert = { roleId: 'r1', outlets: 3, minutes: 30 };
    await store.storyPosts.configureSubscription(first.subscriptionId, { alert });
    expect(await store.storyPosts.subscriptionSettings(first.subscriptionId)).toEqual({ perStory: false, alert });
    expect(await store.storyPosts.alertsOfGuild('g1')).toEqual([
      { subscriptionId: first.subscriptionId, channelId: 'c1', rule: alert },
    ]);
    await store.storyPosts.configureSubscription(first.subscriptionId, { alert: null, perStory: null });
    expect(await store.storyPosts.subscriptionSettings(first.subscriptionId)).toEqual({ perStory: null, alert: null });
    expect(await store.storyPosts.alertsOfGuild('g1')).toEqual([]);
    expect(second.subscriptionId).not.toBe(first.subscriptionId);

    expect(await store.storyPosts.configureGuild('g1', { windowHours: 6 })).toEqual({ perStory: true, windowHours: 6 });
    expect(await store.storyPosts.configureGuild('g1', { perStory: false })).toEqual({
      perStory: false,
      windowHours: 6,
    });
    expect(await store.storyPosts.guildSettings('g1')).toEqual({ perStory: false, windowHours: 6 });
  });

  itCalledEveryMethod(coverage);
});
