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

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('feed admin repository on $name', (adapter) => {
  const coverage = coverageOf('feedAdmin');
  const fx = useFixture(adapter, coverage);

  it('names the guilds following a feed, and moves a feed to a free address only, clearing its failures', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://old.example/feed', 'g2', 'c1');
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c2', feedId: feed.id, mentionRoleId: null }, T0);
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c3', feedId: feed.id, mentionRoleId: null }, T0);
    const other = await store.feeds.upsert(newFeed('https://taken.example/feed'));
    expect(await store.feedAdmin.followingGuilds(feed.id)).toEqual(['g1', 'g2']);
    expect(await store.feedAdmin.followingGuilds(other.id)).toEqual([]);

    await store.feeds.recordPollFailure(feed.id, {
      error: 'HTTP 410 Gone from old.example',
      kind: 'http',
      nextPollAt: T0 + 60 * MINUTE,
      failureLimit: 1,
      failedAt: T0,
    });
    const move = {
      title: 'Moved',
      siteLink: 'https://new.example/',
      etag: '"e1"',
      lastModified: null,
      bodyHash: 'h1',
      movedAt: T0 + MINUTE,
      nextPollAt: T0 + 11 * MINUTE,
    };
    expect(await store.feedAdmin.move(feed.id, { ...move, url: 'https://taken.example/feed' })).toBe(false);
    expect((await store.feeds.get(feed.id))?.url).toBe('https://old.example/feed');

    expect(await store.feedAdmin.move(feed.id, { ...move, url: 'https://new.example/feed' })).toBe(true);
    expect(await store.feeds.get(feed.id)).toMatchObject({
      url: 'https://new.example/feed',
      title: 'Moved',
      siteLink: 'https://new.example/',
      etag: '"e1"',
      bodyHash: 'h1',
      lastPolledAt: T0 + MINUTE,
      lastSuccessAt: T0 + MINUTE,
      nextPollAt: T0 + 11 * MINUTE,
      failureCount: 0,
      lastError: null,
      lastErrorKind: null,
      disabledAt: null,
    });
    expect(await store.feeds.byUrl('https://old.example/feed')).toBeNull();
    // Subscriptions stay with the feed's id.
    expect(await store.feedAdmin.followingGuilds(feed.id)).toEqual(['g1', 'g2']);
    expect(await store.feedAdmin.move(9999, { ...move, url: 'https://nowhere.example/' })).toBe(false);
  });

  it('finds articles by link, guid or key among the given feeds only, and counts the deliveries sharing a message', async () => {
    const { store } = fx();
    const { feed: a } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const { feed: b } = await subscribedFeed(store, 'https://b.example/', 'g2', 'c9');
    const [x, y] = await store.articles.insert(
      a.id,
      [
        newArticle('l:https://a.example/x', { guid: null, link: 'https://a.example/x' }),
        newArticle('g:tag:y', { guid: 'tag:y', link: 'https://a.example/y' }),
      ],
      'new',
      T0,
    );
    const [z] = await store.articles.insert(b.id, [newArticle('z', { link: 'https://a.example/x' })], 'new', T0);
    const find = (feedIds: number[], probe: Partial<{ links: string[]; guids: string[]; keys: string[] }>) =>
      store.feedAdmin
        .findArticles(feedIds, { links: [], guids: [], keys: [], ...probe }, 10)
        .then((rows) => rows.map((r) => r.id));
    expect(await find([a.id], { links: ['https://a.example/x'] })).toEqual([x!.id]);
    expect(await find([a.id, b.id], { links: ['https://a.example/x'] })).toEqual([z!.id, x!.id]);
    expect(await find([a.id], { guids: ['tag:y'] })).toEqual([y!.id]);
    expect(await find([a.id], { keys: ['l:https://a.example/x', 'g:tag:y'] })).toEqual([y!.id, x!.id]);
    expect(await find([], { links: ['https://a.example/x'] })).toEqual([]);
    expect(await find([a.id], {})).toEqual([]);

    // A roundup: one message for two deliveries of the channel.
    const [w] = await store.articles.insert(a.id, [newArticle('w')], 'new', T0);
    for (const article of [x!, y!, w!]) await store.deliveries.createForSubscriptions(article.id, T0);
    const [dx] = await store.deliveries.ofArticle(x!.id);
    const [dy] = await store.deliveries.ofArticle(y!.id);
    const [dw] = await store.deliveries.ofArticle(w!.id);
    await store.deliveries.markSent(dx!.id, 'm-roundup', T0);
    await store.deliveries.markSent(dy!.id, 'm-roundup', T0);
    await store.deliveries.markSent(dw!.id, 'm-alone', T0);
    expect(await store.feedAdmin.messageShare('c1', 'm-roundup')).toBe(2);
    expect(await store.feedAdmin.messageShare('c1', 'm-alone')).toBe(1);
    expect(await store.feedAdmin.messageShare('c9', 'm-roundup')).toBe(0);
  });

  itCalledEveryMethod(coverage);
});
