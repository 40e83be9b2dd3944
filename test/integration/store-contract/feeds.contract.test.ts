import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  MINUTE,
  newFeed,
  subscribedFeed,
  T0,
  useFixture,
} from './harness.js';

/** A failure that disables the feed at once (`failureLimit` 1), or one of the eleven a timeout may have. */
const failure = (error: string, nextPollAt: number, failedAt: number, disable = false) => ({
  error,
  kind: 'http',
  nextPollAt,
  failureLimit: disable ? 1 : 11,
  failedAt,
});

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('feed repository on $name', (adapter) => {
  const coverage = coverageOf('feeds');
  const fx = useFixture(adapter, coverage);

  it('inserts a feed once and returns the stored row for the same URL', async () => {
    const { store } = fx();
    const first = await store.feeds.upsert(newFeed('https://a.example/feed', { title: 'A', intervalSeconds: 300 }));
    expect(first).toMatchObject({
      url: 'https://a.example/feed',
      title: 'A',
      intervalSeconds: 300,
      nextPollAt: T0,
      lastPolledAt: null,
      failureCount: 0,
      disabledAt: null,
      lastErrorKind: null,
      intervalOverrideSeconds: null,
      declaredMinIntervalSeconds: null,
    });
    const again = await store.feeds.upsert(newFeed('https://a.example/feed', { title: 'changed' }));
    expect(again).toEqual(first);
    expect(typeof again.id).toBe('number');
    expect(await store.feeds.get(first.id)).toEqual(first);
    expect(await store.feeds.byUrl('https://a.example/feed')).toEqual(first);
    expect(await store.feeds.get(first.id + 1000)).toBeNull();
    expect(await store.feeds.byUrl('https://b.example/feed')).toBeNull();
  });

  it('lists the feeds a guild subscribes to, paused subscriptions included, by id', async () => {
    const { db, store } = fx();
    const b = await subscribedFeed(store, 'https://b.example/', 'g1', 'c1');
    const a = await subscribedFeed(store, 'https://a.example/', 'g1', 'c2');
    await subscribedFeed(store, 'https://elsewhere.example/', 'g2', 'c9');
    await store.feeds.upsert(newFeed('https://orphan.example/'));
    // Two channels of the guild on one feed still list it once.
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c3', feedId: b.feed.id, mentionRoleId: null }, T0);
    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', a.sub.id).execute();

    expect((await store.feeds.ofGuild('g1')).map((f) => f.url)).toEqual(['https://b.example/', 'https://a.example/']);
    expect(await store.feeds.ofGuild('g1')).toEqual([
      await store.feeds.get(b.feed.id),
      await store.feeds.get(a.feed.id),
    ]);
    expect(await store.feeds.ofGuild('nobody')).toEqual([]);
  });

  it('claims due feeds oldest first, up to the limit, and leases them', async () => {
    const { store } = fx();
    const late = await subscribedFeed(store, 'https://late.example/', 'g1', 'c1', T0 - 1 * MINUTE);
    const early = await subscribedFeed(store, 'https://early.example/', 'g1', 'c1', T0 - 5 * MINUTE);
    const due = await subscribedFeed(store, 'https://due.example/', 'g1', 'c1', T0);
    await subscribedFeed(store, 'https://future.example/', 'g1', 'c1', T0 + 1);

    const claimed = await store.feeds.claimDue(T0, T0 + 10 * MINUTE, 2);
    expect(claimed.map((f) => f.id)).toEqual([early.feed.id, late.feed.id]);
    expect(claimed.every((f) => f.nextPollAt === T0 + 10 * MINUTE)).toBe(true);
    expect((await store.feeds.get(early.feed.id))?.nextPollAt).toBe(T0 + 10 * MINUTE);

    expect((await store.feeds.claimDue(T0, T0 + 10 * MINUTE, 10)).map((f) => f.id)).toEqual([due.feed.id]);
    expect(await store.feeds.claimDue(T0, T0 + 10 * MINUTE, 10)).toEqual([]);
    expect(await store.feeds.claimDue(T0 + 10 * MINUTE, T0 + 20 * MINUTE, 10)).toHaveLength(4);
    expect(await store.feeds.claimDue(T0 + 60 * MINUTE, T0 + 70 * MINUTE, 0)).toEqual([]);
  });

  it('does not claim disabled feeds, feeds nobody subscribes to, or feeds whose subscriptions are all paused', async () => {
    const { db, store } = fx();
    await store.feeds.upsert(newFeed('https://orphan.example/'));
    const paused = await subscribedFeed(store, 'https://paused.example/');
    const disabled = await subscribedFeed(store, 'https://disabled.example/');
    const mixed = await subscribedFeed(store, 'https://mixed.example/', 'g1', 'c1');
    const mixedPaused = await store.subscriptions.create(
      { guildId: 'g2', channelId: 'c2', feedId: mixed.feed.id, mentionRoleId: null },
      T0,
    );
    await db
      .tables()
      .updateTable('subscriptions')
      .set({ paused_at: T0 })
      .where('id', 'in', [paused.sub.id, mixedPaused.id])
      .execute();
    await store.feeds.recordPollFailure(disabled.feed.id, failure('gone', T0 - MINUTE, T0, true));

    const claimed = await store.feeds.claimDue(T0, T0 + MINUTE, 10);
    expect(claimed.map((f) => f.url)).toEqual(['https://mixed.example/']);
  });

  it('reports the address, cadence and interval bounds of exactly the feeds it polls, for the poll budget', async () => {
    const { db, store } = fx();
    await store.feeds.upsert(newFeed('https://orphan.example/'));
    const paused = await subscribedFeed(store, 'https://paused.example/');
    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', paused.sub.id).execute();
    const disabled = await subscribedFeed(store, 'https://disabled.example/');
    await store.feeds.recordPollFailure(disabled.feed.id, failure('gone', T0 - MINUTE, T0, true));
    const fresh = await subscribedFeed(store, 'https://fresh.example/', 'g1', 'c1');
    const busy = await subscribedFeed(store, 'https://busy.example/', 'g1', 'c2');
    await store.feeds.setIntervalOverride(busy.feed.id, 900);
    await store.feeds.recordPollSuccess(busy.feed.id, {
      title: null,
      siteLink: null,
      language: null,
      etag: null,
      lastModified: null,
      bodyHash: null,
      polledAt: T0,
      nextPollAt: T0 + 2 * MINUTE,
      declaredMinIntervalSeconds: 300,
      cadence: { cadenceSeconds: 412.5, lastItemAt: T0 - MINUTE, previousItemAt: T0 - 5 * MINUTE },
    });
    // A verified WebSub subscription makes a feed pushed; one still waiting for verification does not.
    const link = { hubUrl: 'https://hub.example/', topicUrl: 'https://busy.example/' };
    await store.websub.discover(busy.feed.id, link, { callbackId: 'cb-busy', secret: 's' }, T0);
    await store.websub.markRequested(busy.feed.id, 'subscribe', T0, T0 + MINUTE);
    const lease = { expiresAt: T0 + 86_400_000, renewAt: T0 + 80_000_000 };
    expect(await store.websub.verify('cb-busy', 'subscribe', link.topicUrl, lease, T0)).toBe(true);
    await store.websub.discover(
      fresh.feed.id,
      { ...link, topicUrl: 'https://fresh.example/' },
      { callbackId: 'cb-f', secret: 's' },
      T0,
    );
    const demand = await store.feeds.pollDemand();
    expect(demand).toHaveLength(2);
    expect(demand).toContainEqual({
      url: 'https://fresh.example/',
      cadenceSeconds: null,
      lastItemAt: null,
      previousItemAt: null,
      intervalOverrideSeconds: null,
      declaredMinIntervalSeconds: null,
      pushed: false,
    });
    expect(demand).toContainEqual({
      url: 'https://busy.example/',
      cadenceSeconds: 412.5,
      lastItemAt: T0 - MINUTE,
      previousItemAt: T0 - 5 * MINUTE,
      intervalOverrideSeconds: 900,
      declaredMinIntervalSeconds: 300,
      pushed: true,
    });
    expect(await store.feeds.get(fresh.feed.id)).toMatchObject({ cadenceSeconds: null, lastItemAt: null });
    expect(await store.feeds.get(busy.feed.id)).toMatchObject({
      cadenceSeconds: 412.5,
      lastItemAt: T0 - MINUTE,
      previousItemAt: T0 - 5 * MINUTE,
    });
  });

  it('gives two concurrent claimers disjoint sets that together cover every due feed', async () => {
    const { db, store } = fx();
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await subscribedFeed(store, `https://f${i}.example/`)).feed.id);
    const [a, b] = db.openConcurrent(2) as [Store, Store];
    // Connect both pools first so the claims overlap; several rounds, as one overlap may be lucky.
    await Promise.all([a.feeds.get(0), b.feeds.get(0)]);
    for (let round = 0; round < 5; round++) {
      const now = T0 + round * MINUTE;
      const [x, y] = await Promise.all([
        a.feeds.claimDue(now, now + MINUTE, 40),
        b.feeds.claimDue(now, now + MINUTE, 40),
      ]);
      const xs = x.map((f) => f.id);
      const ys = y.map((f) => f.id);
      expect(xs.filter((id) => ys.includes(id))).toEqual([]);
      expect([...xs, ...ys].sort((p, q) => p - q)).toEqual(ids);
    }
  });

  it('records a successful poll, keeping metadata a 304 does not carry and clearing the last failure', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { title: 'Old', language: 'de' }));
    await store.feeds.recordPollFailure(feed.id, { ...failure('timeout', T0 + MINUTE, T0), kind: 'timeout' });
    await store.feeds.recordPollSuccess(feed.id, {
      title: '德國之聲',
      siteLink: 'https://a.example/home',
      language: null,
      etag: '"v1"',
      lastModified: 'Tue, 14 Nov 2023 22:13:20 GMT',
      bodyHash: 'abc',
      polledAt: T0 + 2 * MINUTE,
      nextPollAt: T0 + 12 * MINUTE,
    });
    expect(await store.feeds.get(feed.id)).toMatchObject({
      title: '德國之聲',
      siteLink: 'https://a.example/home',
      language: 'de',
      etag: '"v1"',
      lastModified: 'Tue, 14 Nov 2023 22:13:20 GMT',
      bodyHash: 'abc',
      lastPolledAt: T0 + 2 * MINUTE,
      lastSuccessAt: T0 + 2 * MINUTE,
      nextPollAt: T0 + 12 * MINUTE,
      failureCount: 0,
      failureLimit: null,
      lastError: null,
      lastErrorKind: null,
      intervalSeconds: 600,
      declaredMinIntervalSeconds: null,
    });

    await store.feeds.recordPollSuccess(feed.id, {
      title: null,
      siteLink: null,
      language: null,
      etag: null,
      lastModified: null,
      bodyHash: null,
      polledAt: T0 + 3 * MINUTE,
      nextPollAt: T0 + 33 * MINUTE,
      intervalSeconds: 1800,
      declaredMinIntervalSeconds: 1800,
    });
    expect(await store.feeds.get(feed.id)).toMatchObject({
      title: '德國之聲',
      etag: null,
      intervalSeconds: 1800,
      declaredMinIntervalSeconds: 1800,
      cadenceSeconds: null,
      lastItemAt: null,
    });
  });

  it('counts poll failures with their kind in one write, disables on request, and leaves the first-poll marker alone', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const once = await store.feeds.recordPollFailure(feed.id, {
      ...failure('HTTP 500', T0 + MINUTE, T0),
      kind: 'http',
    });
    expect(once).toMatchObject({
      failureCount: 1,
      failureLimit: 11,
      lastError: 'HTTP 500',
      lastErrorKind: 'http',
      nextPollAt: T0 + MINUTE,
      disabledAt: null,
    });
    const twice = await store.feeds.recordPollFailure(feed.id, {
      ...failure('HTTP 404', T0 + 2 * MINUTE, T0 + MINUTE, true),
      kind: 'not-found',
    });
    expect(twice).toMatchObject({
      failureCount: 2,
      failureLimit: 1,
      lastError: 'HTTP 404',
      lastErrorKind: 'not-found',
      disabledAt: T0 + MINUTE,
    });
    expect(twice.lastPolledAt).toBeNull();
    const thrice = await store.feeds.recordPollFailure(
      feed.id,
      failure('HTTP 404', T0 + 3 * MINUTE, T0 + 2 * MINUTE, true),
    );
    expect(thrice.disabledAt).toBe(T0 + MINUTE);
    expect(await store.feeds.get(feed.id)).toEqual(thrice);
    await expect(store.feeds.recordPollFailure(feed.id + 1000, failure('x', T0, T0))).rejects.toThrow();
  });

  it('disables a feed in the write whose failure reaches the limit that failure sets', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    const at = (n: number) => ({ ...failure('HTTP 404', T0 + n * MINUTE, T0 + n * MINUTE), failureLimit: 3 });
    expect((await store.feeds.recordPollFailure(feed.id, at(1))).disabledAt).toBeNull();
    expect((await store.feeds.recordPollFailure(feed.id, at(2))).disabledAt).toBeNull();
    expect(await store.feeds.recordPollFailure(feed.id, at(3))).toMatchObject({
      failureCount: 3,
      failureLimit: 3,
      disabledAt: T0 + 3 * MINUTE,
    });
    await store.feeds.retry(feed.id, T0 + 4 * MINUTE);
    expect(await store.feeds.get(feed.id)).toMatchObject({ failureCount: 0, failureLimit: null, disabledAt: null });
  });

  it('re-enables a disabled feed on retry, clearing its failures and making it due at once', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/');
    await store.feeds.recordPollFailure(feed.id, failure('HTTP 410', T0 + 60 * MINUTE, T0, true));
    expect(await store.feeds.claimDue(T0 + 90 * MINUTE, T0 + 91 * MINUTE, 10)).toEqual([]);

    await store.feeds.retry(feed.id, T0 + 2 * MINUTE);
    expect(await store.feeds.get(feed.id)).toMatchObject({
      disabledAt: null,
      failureCount: 0,
      nextPollAt: T0 + 2 * MINUTE,
    });
    expect((await store.feeds.claimDue(T0 + 2 * MINUTE, T0 + 3 * MINUTE, 10)).map((f) => f.id)).toEqual([feed.id]);
  });

  it('sets a per-feed interval, bringing the next poll forward when the new interval is shorter', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/', { intervalSeconds: 3600 }));
    await store.feeds.recordPollSuccess(feed.id, {
      title: null,
      siteLink: null,
      language: null,
      etag: null,
      lastModified: null,
      bodyHash: null,
      polledAt: T0,
      nextPollAt: T0 + 60 * MINUTE,
    });

    await store.feeds.setIntervalOverride(feed.id, 900);
    expect(await store.feeds.get(feed.id)).toMatchObject({
      intervalOverrideSeconds: 900,
      intervalSeconds: 900,
      nextPollAt: T0 + 15 * MINUTE,
    });
    // Longer than the time left: the next poll stays where it was.
    await store.feeds.setIntervalOverride(feed.id, 7200);
    expect(await store.feeds.get(feed.id)).toMatchObject({
      intervalOverrideSeconds: 7200,
      intervalSeconds: 7200,
      nextPollAt: T0 + 15 * MINUTE,
    });
    await store.feeds.setIntervalOverride(feed.id, null);
    expect(await store.feeds.get(feed.id)).toMatchObject({
      intervalOverrideSeconds: null,
      intervalSeconds: 7200,
      nextPollAt: T0 + 15 * MINUTE,
    });
  });

  itCalledEveryMethod(coverage);
});
