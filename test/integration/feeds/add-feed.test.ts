import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { type FakeRssItem, type FeedServer, renderRss, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const T = Date.UTC(2024, 3, 26, 8, 0, 0);
const story = (n: number): FakeRssItem => ({
  guid: `urn:story:${n}`,
  title: `Story ${n}`,
  link: `https://news.example/story-${n}`,
  pubDate: new Date(T + n * 60_000).toUTCString(),
  description: `Text of story ${n}.`,
});
const five = [5, 4, 3, 2, 1].map(story);

describe.each(databasesUnderTest())('addFeed on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;

  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.setRss('/news.xml', { title: 'Example News', link: 'https://news.example/', items: five });
  });
  afterAll(async () => {
    await feeds.close();
  });
  beforeEach(async () => {
    db = await database.open();
    deps = await testDeps(db.url);
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  const add = (channelId: string, guildId: string, extra: { url?: string; backfill?: number } = {}) =>
    addFeed(deps, { url: extra.url ?? feeds.url('/news.xml'), guildId, guildLocale: null, channelId, ...extra });

  /** Titles of the channel's pending deliveries, in the order they will be posted. */
  async function pendingTitles(channelId: string): Promise<string[]> {
    const titles: string[] = [];
    for (;;) {
      const next = await deps.store.deliveries.nextPending(channelId);
      if (!next) return titles;
      titles.push(next.article.title);
      await deps.store.deliveries.markSent(next.delivery.id, `m${titles.length}`, T);
    }
  }

  it('marks every item seen and queues nothing without a backfill', async () => {
    const result = await add('c1', 'g1');
    expect(result).toMatchObject({ subscribed: true, backfilled: 0, discoveredFrom: null });
    expect(result.latest?.title).toBe('Story 5');
    expect(await pendingTitles('c1')).toEqual([]);
  });

  it('queues the newest N items for the new channel only, oldest first, even when the feed exists already', async () => {
    await add('c1', 'g1');
    const result = await add('c2', 'g2', { backfill: 3 });
    expect(result).toMatchObject({ subscribed: true, backfilled: 3 });
    // The next tick hands the channel to the deliver queue.
    expect(await deps.store.deliveries.readyChannels(10)).toEqual(['c2']);
    expect(await pendingTitles('c2')).toEqual(['Story 3', 'Story 4', 'Story 5']);
    expect(await pendingTitles('c1')).toEqual([]);
  });

  it('does not backfill a channel that already followed the feed', async () => {
    await add('c1', 'g1');
    expect(await add('c1', 'g1', { backfill: 2 })).toMatchObject({ subscribed: false, backfilled: 0 });
    expect(await pendingTitles('c1')).toEqual([]);
  });

  it('queues what there is when the feed has fewer items than asked', async () => {
    expect((await add('c1', 'g1', { backfill: 10 })).backfilled).toBe(5);
    expect(await pendingTitles('c1')).toEqual(['Story 1', 'Story 2', 'Story 3', 'Story 4', 'Story 5']);
  });

  it('refuses a backfill outside 0–10', async () => {
    await expect(add('c1', 'g1', { backfill: 11 })).rejects.toThrow(UserError);
    await expect(add('c1', 'g1', { backfill: -1 })).rejects.toThrow(/from 0 to 10/);
  });

  it('finds the feed of a web page and says where it found it', async () => {
    feeds.setFeed('/blog/', {
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><title>Blog</title>
        <link rel="stylesheet" href="/style.css">
        <link rel="alternate" type="application/rss+xml" title="Blog &raquo; Comments Feed" href="/comments/feed/">
        <link rel="alternate" type="application/rss+xml" title="Blog &raquo; Feed" href="/blog/feed.xml">
        </head><body><p>Hello</p></body></html>`,
    });
    feeds.setRss('/blog/feed.xml', { title: 'The Blog', link: 'https://blog.example/', items: [story(1)] });
    const result = await add('c1', 'g1', { url: feeds.url('/blog/') });
    expect(result.discoveredFrom).toBe(feeds.url('/blog/'));
    expect(result.feed.url).toBe(feeds.url('/blog/feed.xml'));
    expect(result.feed.title).toBe('The Blog');
    // Adding the page again finds the stored feed, not a second one.
    const again = await add('c2', 'g1', { url: feeds.url('/blog/') });
    expect(again.feed.id).toBe(result.feed.id);
  });

  it('says so when a page links to no feed', async () => {
    feeds.setFeed('/plain/', { contentType: 'text/html', body: '<html><head></head><body>nothing</body></html>' });
    await expect(add('c1', 'g1', { url: feeds.url('/plain/') })).rejects.toThrow(/does not link to any feed/);
  });

  it('keeps the network guard on the discovered feed: a page pointing at cloud metadata is refused', async () => {
    feeds.setFeed('/evil/', {
      contentType: 'text/html',
      body: '<html><head><link rel="alternate" type="application/atom+xml" href="http://169.254.169.254/feed"></head></html>',
    });
    // FEED_ALLOW_PRIVATE lets the page on 127.0.0.1 through, never the metadata address it names.
    await expect(add('c1', 'g1', { url: feeds.url('/evil/') })).rejects.toThrow(/Could not add .*169\.254\.169\.254/);
    expect(await deps.store.feeds.byUrl('http://169.254.169.254/feed')).toBeNull();
  });

  it('turns a feed failure into a message that names the problem', async () => {
    feeds.setFeed('/gone.xml', { contentType: 'text/plain', body: 'gone', status: 410 });
    await expect(add('c1', 'g1', { url: feeds.url('/gone.xml') })).rejects.toThrow(/Could not add .*HTTP 410/);
    feeds.setFeed('/rss-as-text.xml', {
      contentType: 'text/plain',
      body: renderRss({ title: 'T', link: 'https://t.example/', items: [] }),
    });
    expect((await add('c1', 'g1', { url: feeds.url('/rss-as-text.xml') })).feed.title).toBe('T');
  });
});
