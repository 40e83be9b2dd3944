import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { createPollBudget } from '../../../src/pipeline/poll/poll-budget.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** An RSS feed of items `gap` ms apart, the newest published at `newest`. */
const rss = (name: string, count: number, gap: number, newest: number, extra: string[] = []) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link>` +
  [...extra, ...Array.from({ length: count }, (_, i) => `${name}-${i}@${new Date(newest - i * gap).toUTCString()}`)]
    .map((entry) => {
      const [guid, date] = entry.split('@');
      return `<item><guid>${guid}</guid><title>${guid}</title><pubDate>${date}</pubDate></item>`;
    })
    .join('') +
  '</channel></rss>';

describe.each(databasesUnderTest())('adaptive polling in the poll path on $name', (database) => {
  let server: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let clock = Date.UTC(2026, 0, 5, 12, 0, 0);

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    db = await database.open();
    const built = await testDeps(
      db.url,
      {
        FEED_POLL_INTERVAL_SECONDS: '600',
        FEED_POLL_MIN_INTERVAL_SECONDS: '120',
        FEED_POLL_ADAPTIVE_CEILING_SECONDS: '7200',
        // Less than the three feeds of each test would make at the floor (1.5 requests a minute).
        FEED_POLL_BUDGET_PER_MINUTE: '1',
      },
      { now: () => clock },
    );
    // The budget is recomputed at every poll here, instead of every few minutes.
    deps = { ...built, pollBudget: createPollBudget(built.store.feeds, built.config, 0) };
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  async function follow(path: string, channelId: string) {
    const url = server.url(path);
    const { feed } = await addFeed(deps, { url, guildId: 'g', guildLocale: null, channelId });
    return feed.id;
  }
  /** A third feed with an hourly cadence, so that the budget binds. */
  async function followHourly() {
    server.setFeed('/hourly.xml', {
      contentType: 'application/rss+xml',
      body: rss('hourly', 20, 60 * MINUTE, clock - 30 * MINUTE),
    });
    return poll(await follow('/hourly.xml', 'c3'));
  }
  async function poll(id: number) {
    clock += 1000;
    expect(await pollFeed(deps, id)).toMatchObject({ status: 'polled' });
    const feed = await deps.store.feeds.get(id);
    if (!feed) throw new Error('feed vanished');
    return feed;
  }

  it('learns each feed’s cadence from its first fetch, polls the busy one more often, and stays within the budget', async () => {
    server.setFeed('/busy.xml', {
      contentType: 'application/rss+xml',
      body: rss('busy', 20, 5 * MINUTE, clock - MINUTE),
    });
    server.setFeed('/quiet.xml', { contentType: 'application/rss+xml', body: rss('quiet', 20, 3 * DAY, clock - DAY) });
    const busyId = await follow('/busy.xml', 'c1');
    const quietId = await follow('/quiet.xml', 'c2');
    const hourly = await followHourly();
    await poll(busyId);
    const quiet = await poll(quietId);
    // The busy feed's next poll uses both cadences: re-poll it now that the budget knows them.
    const busy = await poll(busyId);

    expect(busy.cadenceSeconds).toBeCloseTo(300, 3);
    expect(busy.lastItemAt).toBe(Date.UTC(2026, 0, 5, 11, 59, 0));
    expect(quiet.cadenceSeconds).toBeCloseTo(3 * 86_400, 0);
    expect(busy.intervalSeconds).toBeLessThan(quiet.intervalSeconds);
    expect(busy.intervalSeconds).toBeGreaterThanOrEqual(120);
    expect(quiet.intervalSeconds).toBeLessThanOrEqual(7200);
    // An adaptive interval runs from the poll, not from a grid slot.
    expect(busy.nextPollAt).toBe(clock + busy.intervalSeconds * 1000);
    const latest = await poll(hourly.id);
    expect(latest.intervalSeconds).toBeGreaterThan(busy.intervalSeconds);
    expect(latest.intervalSeconds).toBeLessThan(quiet.intervalSeconds);
    const perMinute = 60 / busy.intervalSeconds + 60 / quiet.intervalSeconds + 60 / latest.intervalSeconds;
    expect(perMinute).toBeLessThanOrEqual(1.01);
    expect(perMinute).toBeGreaterThan(0.9);
  });

  it('polls a quiet feed again soon after it wakes up, and keeps an override and the backoff as they were', async () => {
    const newest = clock - 2 * DAY;
    server.setFeed('/quiet.xml', { contentType: 'application/rss+xml', body: rss('quiet', 20, 3 * DAY, newest) });
    server.setFeed('/other.xml', { contentType: 'application/rss+xml', body: rss('other', 20, 20 * MINUTE, clock) });
    const id = await follow('/quiet.xml', 'c1');
    await follow('/other.xml', 'c2');
    await followHourly();
    await poll(id);
    const asleep = await poll(id);
    const target = deps.config.FEED_POLL_TARGET_LAG_SECONDS;
    expect(asleep.intervalSeconds).toBeGreaterThan(2 * target);

    // A new item: the next poll comes within the target lag, far sooner than before.
    clock += 10 * MINUTE;
    const published = Math.floor(clock / 1000) * 1000;
    server.setFeed('/quiet.xml', {
      contentType: 'application/rss+xml',
      body: rss('quiet', 20, 3 * DAY, newest, [`news@${new Date(clock).toUTCString()}`]),
    });
    const awake = await poll(id);
    expect(awake.lastItemAt).toBe(published);
    expect(awake.intervalSeconds * 2).toBeLessThan(asleep.intervalSeconds);
    expect(awake.intervalSeconds).toBeLessThanOrEqual(target);
    // It finds nothing more: the lone item was no burst, and the feed is back to its interval.
    const after = await poll(id);
    expect(after.intervalSeconds).toBeGreaterThan(2 * target);

    // An override is the interval, adaptive or not, on the feed's grid.
    await deps.store.feeds.setIntervalOverride(id, 1800);
    const overridden = await poll(id);
    expect(overridden.intervalSeconds).toBe(1800);
    expect(overridden.nextPollAt - clock).toBeLessThanOrEqual(1800_000);

    // A failure backs off from the fixed interval (the override here), not from the adaptive one.
    await deps.store.feeds.setIntervalOverride(id, null);
    server.setFeed('/quiet.xml', { status: 503, contentType: 'text/plain', body: 'down' });
    clock += 1000;
    expect(await pollFeed(deps, id)).toMatchObject({ status: 'failed' });
    const failing = await deps.store.feeds.get(id);
    expect(failing?.nextPollAt).toBe(clock + 600_000);
  });
});
