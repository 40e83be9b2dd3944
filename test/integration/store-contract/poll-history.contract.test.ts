import { describe, expect, it } from 'vitest';
import { POLL_HISTORY_KEEP, type PollRecord } from '../../../src/store/store.js';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, MINUTE, newFeed, T0, useFixture } from './harness.js';

const poll = (feedId: number, n: number, overrides: Partial<PollRecord> = {}): PollRecord => ({
  feedId,
  polledAt: T0 + n * MINUTE,
  status: 'ok',
  httpStatus: 200,
  bytes: 1000 + n,
  durationMs: 100 + n,
  newItems: n % 3,
  errorKind: null,
  error: null,
  ...overrides,
});

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('poll history repository on $name', (adapter) => {
  const coverage = coverageOf('pollHistory');
  const fx = useFixture(adapter, coverage);

  it('records each poll as given (a long error bounded) and lists a feed’s newest first, apart from other feeds', async () => {
    const { store } = fx();
    const a = await store.feeds.upsert(newFeed('https://a.example/'));
    const b = await store.feeds.upsert(newFeed('https://b.example/'));
    const failed = poll(a.id, 2, {
      status: 'failed',
      httpStatus: null,
      bytes: null,
      newItems: 0,
      // A kind this code has never heard of (another helper's `blocked`) is stored as it comes.
      errorKind: 'blocked',
      error: 'HTTP 403 Forbidden from a.example (challenge)',
    });
    await store.pollHistory.record(poll(a.id, 1));
    await store.pollHistory.record(failed);
    await store.pollHistory.record(poll(a.id, 3, { status: 'not-modified', httpStatus: 304, bytes: null }));
    await store.pollHistory.record(poll(b.id, 4));
    expect(await store.pollHistory.recent(a.id, 10)).toEqual([
      poll(a.id, 3, { status: 'not-modified', httpStatus: 304, bytes: null }),
      failed,
      poll(a.id, 1),
    ]);
    expect(await store.pollHistory.recent(a.id, 1)).toEqual([
      poll(a.id, 3, { status: 'not-modified', httpStatus: 304, bytes: null }),
    ]);
    expect(await store.pollHistory.recent(b.id, 10)).toEqual([poll(b.id, 4)]);
    expect(await store.pollHistory.recent(a.id, 0)).toEqual([]);
    // A long error is bounded; a fractional duration is rounded.
    await store.pollHistory.record(
      poll(b.id, 5, { status: 'failed', durationMs: 12.6, error: 'x'.repeat(5000), errorKind: 'parse' }),
    );
    const [row] = await store.pollHistory.recent(b.id, 1);
    expect(row?.durationMs).toBe(13);
    expect(row?.error).toHaveLength(1000);
  });

  it(`keeps only each feed’s newest ${POLL_HISTORY_KEEP} polls, pruned as it records`, async () => {
    const { db, store } = fx();
    const a = await store.feeds.upsert(newFeed('https://a.example/'));
    const b = await store.feeds.upsert(newFeed('https://b.example/'));
    await store.pollHistory.record(poll(b.id, 0));
    for (let n = 1; n <= POLL_HISTORY_KEEP + 5; n++) await store.pollHistory.record(poll(a.id, n));
    const kept = await store.pollHistory.recent(a.id, 1000);
    expect(kept).toHaveLength(POLL_HISTORY_KEEP);
    expect(kept[0]?.polledAt).toBe(T0 + (POLL_HISTORY_KEEP + 5) * MINUTE);
    expect(kept.at(-1)?.polledAt).toBe(T0 + 6 * MINUTE);
    const rows = await db.tables().selectFrom('poll_history').select('feed_id').execute();
    expect(rows).toHaveLength(POLL_HISTORY_KEEP + 1);
    // Another feed's history is not pruned by this one's.
    expect(await store.pollHistory.recent(b.id, 10)).toEqual([poll(b.id, 0)]);
  });

  itCalledEveryMethod(coverage);
});
