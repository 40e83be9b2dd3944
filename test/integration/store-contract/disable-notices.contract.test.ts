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

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('disable notice repository on $name', (adapter) => {
  const coverage = coverageOf('disableNotices');
  const fx = useFixture(adapter, coverage);

  it('records one disable notice per active channel and disabling, and hands out only the pending ones', async () => {
    const { db, store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c2');
    await store.subscriptions.create({ guildId: 'g2', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    const paused = await store.subscriptions.create(
      { guildId: 'g3', channelId: 'c3', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    await db.tables().updateTable('subscriptions').set({ paused_at: T0 }).where('id', '=', paused.id).execute();

    const notices = await store.disableNotices.pending(feed.id, T0, T0 + MINUTE);
    expect(notices).toEqual([
      { feedId: feed.id, disabledAt: T0, channelId: 'c1', guildId: 'g2', state: 'pending' },
      { feedId: feed.id, disabledAt: T0, channelId: 'c2', guildId: 'g1', state: 'pending' },
    ]);
    await store.disableNotices.mark(notices[0]!, 'sent', 'm1');
    await store.disableNotices.mark(notices[1]!, 'failed', null);
    // A second run for the same disabling neither repeats nor re-creates them.
    expect(await store.disableNotices.pending(feed.id, T0, T0 + 2 * MINUTE)).toEqual([]);
    const stored = await db
      .tables()
      .selectFrom('feed_disable_notices')
      .select(['channel_id', 'state', 'message_id', 'created_at'])
      .orderBy('channel_id')
      .execute();
    // Read through a plain connection: PostgreSQL's bigint comes back as text there.
    expect(stored.map((r) => ({ ...r, created_at: Number(r.created_at) }))).toEqual([
      { channel_id: 'c1', state: 'sent', message_id: 'm1', created_at: T0 + MINUTE },
      { channel_id: 'c2', state: 'failed', message_id: null, created_at: T0 + MINUTE },
    ]);
    // A later disabling is a new notice.
    expect(
      (await store.disableNotices.pending(feed.id, T0 + 5 * MINUTE, T0 + 5 * MINUTE)).map((n) => n.channelId),
    ).toEqual(['c1', 'c2']);
  });

  it('keeps the notices of each feed apart', async () => {
    const { store } = fx();
    const a = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const b = await subscribedFeed(store, 'https://b.example/', 'g1', 'c1');
    const [notice] = await store.disableNotices.pending(a.feed.id, T0, T0);
    await store.disableNotices.mark(notice!, 'sent', 'm1');
    expect(await store.disableNotices.pending(b.feed.id, T0, T0)).toEqual([
      { feedId: b.feed.id, disabledAt: T0, channelId: 'c1', guildId: 'g1', state: 'pending' },
    ]);
    expect(await store.disableNotices.pending(a.feed.id, T0, T0 + MINUTE)).toEqual([]);
  });

  itCalledEveryMethod(coverage);
});
