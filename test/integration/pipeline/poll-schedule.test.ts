import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const rss = (head: string, items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>` +
  `<title>Scheduled</title><link>https://s.example/</link>${head}` +
  items.map((g) => `<item><guid>${g}</guid><title>${g}</title></item>`).join('') +
  '</channel></rss>';

describe.each(databasesUnderTest())('poll scheduling on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let clock = Date.UTC(2026, 0, 5, 12, 0, 0);

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds.close();
  });
  beforeEach(async () => {
    db = await database.open();
    deps = await testDeps(
      db.url,
      { FEED_POLL_INTERVAL_SECONDS: '600', FEED_POLL_MIN_INTERVAL_SECONDS: '120' },
      { now: () => clock },
    );
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  const publish = (head: string, items: string[]) =>
    feeds.setFeed('/s.xml', { contentType: 'application/rss+xml', body: rss(head, items) });

  async function pollAndRead(id: number) {
    clock += 1000;
    expect(await pollFeed(deps, id)).toMatchObject({ status: 'polled' });
    const feed = await deps.store.feeds.get(id);
    if (!feed) throw new Error('feed vanished');
    return { interval: feed.intervalSeconds, wait: feed.nextPollAt - clock, declared: feed.declaredMinIntervalSeconds };
  }

  it('respects the feed’s <ttl> as a lower bound, a per-feed override, and the floor', async () => {
    publish('<ttl>60</ttl>', ['a']);
    const { feed } = await addFeed(deps, { url: feeds.url('/s.xml'), guildId: 'g', guildLocale: null, channelId: 'c' });
    expect(feed.intervalSeconds).toBe(3600);
    const first = await pollAndRead(feed.id);
    expect(first).toMatchObject({ interval: 3600, declared: 3600 });
    expect(first.wait).toBeGreaterThan(0);
    expect(first.wait).toBeLessThanOrEqual(3600_000);

    // An override below what the feed declares does not win; one above does.
    await deps.store.feeds.setIntervalOverride(feed.id, 900);
    expect((await pollAndRead(feed.id)).interval).toBe(3600);
    await deps.store.feeds.setIntervalOverride(feed.id, 7200);
    expect((await pollAndRead(feed.id)).interval).toBe(7200);

    // The feed drops its ttl and declares an update period instead; an override below the floor is raised to it.
    publish('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>', ['b', 'a']);
    await deps.store.feeds.setIntervalOverride(feed.id, 30);
    expect(await pollAndRead(feed.id)).toMatchObject({ interval: 900, declared: 900 });
    publish('', ['b', 'a']);
    expect(await pollAndRead(feed.id)).toMatchObject({ interval: 120, declared: null });
    // A 304 keeps what the feed declared last.
    const notModified = await pollAndRead(feed.id);
    expect(notModified).toMatchObject({ interval: 120, declared: null });
    await deps.store.feeds.setIntervalOverride(feed.id, null);
    expect((await pollAndRead(feed.id)).interval).toBe(600);
  });

  it('makes a lowered override take effect at once rather than after the old interval', async () => {
    publish('', ['a']);
    const { feed } = await addFeed(deps, { url: feeds.url('/s.xml'), guildId: 'g', guildLocale: null, channelId: 'c' });
    await deps.store.feeds.setIntervalOverride(feed.id, 7200);
    await pollAndRead(feed.id);
    await deps.store.feeds.setIntervalOverride(feed.id, 300);
    const health = await deps.store.feeds.get(feed.id);
    expect((health?.nextPollAt ?? 0) - clock).toBeLessThanOrEqual(300_000);
  });
});
