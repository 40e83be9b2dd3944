import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { FEED_LIMITS } from '../../../src/feeds/limits.js';
import { createLogger } from '../../../src/log.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const T = Date.UTC(2026, 0, 5, 12, 0, 0);
const item = (n: number): FakeRssItem => ({
  guid: `g${n}`,
  title: `Story ${n}`,
  pubDate: new Date(T - (FEED_LIMITS.maxItems - n) * 60_000).toUTCString(),
});

describe.each(databasesUnderTest())('pollFeed past the feed limits on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  const lines: string[] = [];

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds.close();
  });
  beforeEach(async () => {
    db = await database.open();
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    deps = await testDeps(db.url, {}, { now: () => T, log: createLogger('info', stream) });
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  it('stores only the newest items of a feed past the item limit and logs what it left out', async () => {
    feeds.setRss('/huge.xml', { title: 'Huge', link: 'https://huge.example/', items: [] });
    const { feed } = await addFeed(deps, {
      url: feeds.url('/huge.xml'),
      guildId: '1',
      guildLocale: null,
      channelId: '2',
    });
    const many = Array.from({ length: FEED_LIMITS.maxItems + 2 }, (_, n) => item(n));
    feeds.setRss('/huge.xml', { title: 'Huge', link: 'https://huge.example/', items: many });

    expect(await pollFeed(deps, feed.id)).toMatchObject({ status: 'polled', changed: true });

    const stored = new Set((await deps.store.articles.latest(feed.id, FEED_LIMITS.maxItems + 10)).map((a) => a.guid));
    expect(stored.size).toBe(FEED_LIMITS.maxItems);
    expect(stored.has('g0')).toBe(false);
    expect(stored.has(`g${FEED_LIMITS.maxItems + 1}`)).toBe(true);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'feed read in part: past the feed limits',
        feedId: feed.id,
        itemsInDocument: FEED_LIMITS.maxItems + 2,
        itemsKept: FEED_LIMITS.maxItems,
        itemsTextCut: 0,
      }),
    );
  }, 60_000);
});
