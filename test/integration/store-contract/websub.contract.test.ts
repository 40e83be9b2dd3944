import { describe, expect, it } from 'vitest';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  MINUTE,
  subscribedFeed,
  T0,
  useFixture,
} from './harness.js';

const HUB = { hubUrl: 'https://hub.example/', topicUrl: 'https://a.example/feed' };
const fresh = (n: number) => ({ callbackId: `callback-${n}-xxxxxxxxxx`, secret: `secret-${n}` });
const LEASE = { expiresAt: T0 + 60 * MINUTE, renewAt: T0 + 50 * MINUTE };

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('websub repository on $name', (adapter) => {
  const coverage = coverageOf('websub');
  const fx = useFixture(adapter, coverage);

  it('records a discovered hub once, starts over when the hub changes, and forgets it when the feed drops it', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/feed');
    expect(await store.websub.get(feed.id)).toBeNull();

    const first = await store.websub.discover(feed.id, HUB, fresh(1), T0);
    expect(first).toEqual({
      feedId: feed.id,
      callbackId: fresh(1).callbackId,
      ...HUB,
      secret: 'secret-1',
      state: 'new',
      requestedAt: null,
      leaseExpiresAt: null,
      dueAt: T0,
      lastError: null,
      updatedAt: T0,
    });
    // The same hub again keeps the callback and secret.
    expect(await store.websub.discover(feed.id, HUB, fresh(2), T0 + MINUTE)).toEqual(first);
    expect(await store.websub.byCallback(fresh(1).callbackId)).toEqual(first);

    const moved = await store.websub.discover(
      feed.id,
      { ...HUB, hubUrl: 'https://hub2.example/' },
      fresh(3),
      T0 + 2 * MINUTE,
    );
    expect(moved).toMatchObject({ hubUrl: 'https://hub2.example/', callbackId: fresh(3).callbackId, state: 'new' });
    expect(await store.websub.byCallback(fresh(1).callbackId)).toBeNull();

    expect(await store.websub.discover(feed.id, null, fresh(4), T0 + 3 * MINUTE)).toBeNull();
    expect(await store.websub.get(feed.id)).toBeNull();
  });

  it('verifies only the intent it is waiting for, with the matching topic', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/feed');
    const { callbackId } = fresh(1);
    await store.websub.discover(feed.id, HUB, fresh(1), T0);
    // Not asked yet: nothing to verify.
    expect(await store.websub.verify(callbackId, 'subscribe', HUB.topicUrl, LEASE, T0)).toBe(false);

    await store.websub.markRequested(feed.id, 'subscribe', T0, T0 + 10 * MINUTE);
    expect(await store.websub.get(feed.id)).toMatchObject({
      state: 'subscribing',
      requestedAt: T0,
      dueAt: T0 + 10 * MINUTE,
    });
    expect(await store.websub.verify(callbackId, 'subscribe', 'https://other.example/', LEASE, T0)).toBe(false);
    expect(await store.websub.verify(callbackId, 'unsubscribe', HUB.topicUrl, LEASE, T0)).toBe(false);
    expect(await store.websub.verify('callback-unknown-xxxxxxx', 'subscribe', HUB.topicUrl, LEASE, T0)).toBe(false);
    expect(await store.websub.get(feed.id)).toMatchObject({ state: 'subscribing', leaseExpiresAt: null });

    expect(await store.websub.verify(callbackId, 'subscribe', HUB.topicUrl, LEASE, T0 + MINUTE)).toBe(true);
    expect(await store.websub.get(feed.id)).toMatchObject({
      state: 'active',
      leaseExpiresAt: LEASE.expiresAt,
      dueAt: LEASE.renewAt,
      requestedAt: null,
      updatedAt: T0 + MINUTE,
    });
    // A replayed verification finds nothing pending.
    expect(await store.websub.verify(callbackId, 'subscribe', HUB.topicUrl, LEASE, T0 + MINUTE)).toBe(false);

    await store.websub.markRequested(feed.id, 'unsubscribe', T0 + 2 * MINUTE, T0 + 12 * MINUTE);
    expect(await store.websub.verify(callbackId, 'unsubscribe', HUB.topicUrl, LEASE, T0 + 3 * MINUTE)).toBe(true);
    expect(await store.websub.get(feed.id)).toBeNull();
  });

  it('hands out due subscriptions and subscribed ones of feeds nobody follows', async () => {
    const { db, store } = fx();
    const a = await subscribedFeed(store, 'https://a.example/feed', 'g1', 'c1');
    const b = await subscribedFeed(store, 'https://b.example/feed', 'g1', 'c2');
    await store.websub.discover(a.feed.id, HUB, fresh(1), T0);
    await store.websub.discover(b.feed.id, { ...HUB, topicUrl: 'https://b.example/feed' }, fresh(2), T0 + MINUTE);
    expect((await store.websub.due(T0, 10)).map((r) => [r.feedId, r.wanted])).toEqual([[a.feed.id, true]]);
    expect((await store.websub.due(T0 + MINUTE, 10)).map((r) => r.feedId)).toEqual([a.feed.id, b.feed.id]);
    expect(await store.websub.due(T0 + MINUTE, 1)).toHaveLength(1);
    expect(await store.websub.due(T0 + MINUTE, 0)).toEqual([]);

    // b becomes active (not due until renewal), then loses its only subscription: due at once, unwanted.
    await store.websub.markRequested(b.feed.id, 'subscribe', T0, T0 + 10 * MINUTE);
    await store.websub.verify(fresh(2).callbackId, 'subscribe', 'https://b.example/feed', LEASE, T0);
    await store.websub.markRequested(a.feed.id, 'subscribe', T0, T0 + 10 * MINUTE);
    expect(await store.websub.due(T0 + 2 * MINUTE, 10)).toEqual([]);
    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', b.sub.id).execute();
    expect((await store.websub.due(T0 + 2 * MINUTE, 10)).map((r) => [r.feedId, r.wanted])).toEqual([
      [b.feed.id, false],
    ]);
  });

  it('falls back to polling in one write when a subscription fails, and removes one', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/feed', 'g1', 'c1', T0 + 60 * MINUTE);
    await store.websub.discover(feed.id, HUB, fresh(1), T0);
    await store.websub.markRequested(feed.id, 'subscribe', T0, T0 + 10 * MINUTE);
    await store.websub.verify(fresh(1).callbackId, 'subscribe', HUB.topicUrl, LEASE, T0);

    await store.websub.fail(feed.id, { error: 'lease lapsed', retryAt: T0 + 400 * MINUTE }, T0 + 5 * MINUTE);
    expect(await store.websub.get(feed.id)).toMatchObject({
      state: 'failed',
      leaseExpiresAt: null,
      dueAt: T0 + 400 * MINUTE,
      lastError: 'lease lapsed',
    });
    expect((await store.feeds.get(feed.id))?.nextPollAt).toBe(T0 + 5 * MINUTE);
    // A feed already due sooner keeps its time.
    await store.websub.fail(feed.id, { error: 'again', retryAt: T0 + 400 * MINUTE }, T0 + 9 * MINUTE);
    expect((await store.feeds.get(feed.id))?.nextPollAt).toBe(T0 + 5 * MINUTE);

    await store.websub.remove(feed.id);
    expect(await store.websub.get(feed.id)).toBeNull();
  });

  itCalledEveryMethod(coverage);
});
