import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const GUILD = '910000000000000001';
const CHANNEL = '920000000000000001';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(databasesUnderTest())('pollFeed failures on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let counter = 0;
  let path: string;
  let clock = Date.UTC(2026, 0, 5, 12, 0, 0);

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds.close();
  });
  beforeEach(async () => {
    db = await database.open();
    deps = await testDeps(db.url, {}, { now: () => clock });
    path = `/f-${++counter}.xml`;
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  async function healthyFeed(): Promise<number> {
    feeds.setRss(path, { title: 'T', link: 'https://t.example/', items: [{ guid: 'a', title: 'A' }] });
    const { feed } = await addFeed(deps, {
      url: feeds.url(path),
      guildId: GUILD,
      guildLocale: null,
      channelId: CHANNEL,
    });
    return feed.id;
  }

  /** Polls once and returns the failure's kind and the stored state. */
  async function failOnce(feedId: number) {
    clock += 60_000;
    const outcome = await pollFeed(deps, feedId);
    if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
    return { kind: outcome.error.kind, health: await deps.store.feeds.get(feedId) };
  }

  it.each([
    ['http', { contentType: 'text/plain', body: 'nope', status: 404 }, /HTTP 404/],
    ['not-a-feed', { contentType: 'text/html', body: '<!doctype html><html><body>hi</body></html>' }, /HTML page/],
    ['not-a-feed', { contentType: 'application/xml', body: '' }, /empty/],
    ['parse', { contentType: 'application/rss+xml', body: '<rss version="2.0"><channel><title>x</ti' }, /well-formed/],
  ] as const)('classifies a %s failure and stores its reason', async (kind, response, message) => {
    const id = await healthyFeed();
    feeds.setFeed(path, response);
    const { kind: got, health } = await failOnce(id);
    expect(got).toBe(kind);
    expect(health).toMatchObject({ failureCount: 1, lastErrorKind: kind, disabledAt: null });
    expect(health?.lastError).toMatch(message);
    expect(await deps.store.articles.listNew(id)).toEqual([]);
  });

  it('records a feed of deeply nested XML as a parse failure with backoff, and /feed add gives the reason', async () => {
    const id = await healthyFeed();
    const nested = `${'<b>'.repeat(2000)}deep${'</b>'.repeat(2000)}`;
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid>a</guid><title>${nested}</title></item></channel></rss>`;
    feeds.setFeed(path, { contentType: 'application/rss+xml', body });
    const interval = ((await deps.store.feeds.get(id))?.intervalSeconds ?? 0) * 1000;
    const { kind, health } = await failOnce(id);
    expect(kind).toBe('parse');
    expect(health).toMatchObject({ failureCount: 1, lastErrorKind: 'parse', disabledAt: null });
    expect(health?.lastError).toMatch(/nests elements more than 256 levels deep/);
    expect(health?.nextPollAt).toBe(clock + interval);
    const second = await failOnce(id);
    // A parse failure is permanent-like: its waits grow ×4 (feed-failure-policy.ts).
    expect(second.health).toMatchObject({ failureCount: 2, nextPollAt: clock + 4 * interval });

    feeds.setFeed('/nested-new.xml', { contentType: 'application/rss+xml', body });
    const url = feeds.url('/nested-new.xml');
    await expect(addFeed(deps, { url, guildId: GUILD, guildLocale: null, channelId: CHANNEL })).rejects.toThrow(
      `Could not add ${url}: feed nests elements more than 256 levels deep.`,
    );
  });

  it('classifies a refused address and a closed port', async () => {
    const id = await healthyFeed();
    const guarded = await testDeps(db.url, { FEED_ALLOW_PRIVATE: 'false' }, { now: () => clock });
    try {
      const outcome = await pollFeed(guarded, id);
      expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'refused' } });
    } finally {
      await guarded.store.close();
    }
    const port = await closedPort();
    // A feed on a closed port, stored directly: addFeed would refuse to add it.
    const dead = await deps.store.feeds.upsert({
      url: `http://127.0.0.1:${port}/feed.xml`,
      title: null,
      siteLink: null,
      language: null,
      intervalSeconds: 600,
      nextPollAt: clock,
    });
    const { kind } = await failOnce(dead.id);
    expect(kind).toBe('network');
  });

  it('waits at least as long as a 503 Retry-After asks', async () => {
    const id = await healthyFeed();
    feeds.setFeed(path, { contentType: 'text/plain', body: 'busy', status: 503, headers: { 'retry-after': '7200' } });
    const { kind, health } = await failOnce(id);
    expect(kind).toBe('http');
    expect(health?.nextPollAt).toBe(clock + 7200 * 1000);
  });

  it('resets the failure count after a success', async () => {
    const id = await healthyFeed();
    feeds.setFeed(path, { contentType: 'text/plain', body: 'x', status: 500 });
    await failOnce(id);
    await failOnce(id);
    feeds.setRss(path, { title: 'T', link: 'https://t.example/', items: [{ guid: 'a', title: 'A' }] });
    expect(await pollFeed(deps, id)).toMatchObject({ status: 'polled' });
    expect(await deps.store.feeds.get(id)).toMatchObject({ failureCount: 0, lastError: null, lastErrorKind: null });
  });
});
