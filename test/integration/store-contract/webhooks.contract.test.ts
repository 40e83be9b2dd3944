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

const NEWS = '1300000000000000001';
const SPORTS = '1300000000000000002';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('webhooks repository on $name', (adapter) => {
  const coverage = coverageOf('webhooks');
  const fx = useFixture(adapter, coverage);

  it('keeps one webhook per channel, replaced when saved again', async () => {
    const { store } = fx();
    expect(await store.webhooks.get(NEWS)).toBeNull();
    await store.webhooks.save({ channelId: NEWS, id: '1700000000000000001', token: 'token-one' }, T0);
    await store.webhooks.save({ channelId: SPORTS, id: '1700000000000000002', token: 'token-two' }, T0);
    await store.webhooks.save({ channelId: NEWS, id: '1700000000000000003', token: 'token-three' }, T0 + MINUTE);
    expect(await store.webhooks.get(NEWS)).toEqual({
      channelId: NEWS,
      id: '1700000000000000003',
      token: 'token-three',
    });
    expect(await store.webhooks.get(SPORTS)).toMatchObject({ id: '1700000000000000002' });
  });

  it('forgets a channel’s webhook only while it is still the one named', async () => {
    const { store } = fx();
    await store.webhooks.save({ channelId: NEWS, id: '1700000000000000001', token: 'token-one' }, T0);
    // Another process recreated it since: the stale id forgets nothing.
    await store.webhooks.save({ channelId: NEWS, id: '1700000000000000002', token: 'token-two' }, T0 + MINUTE);
    expect(await store.webhooks.forget(NEWS, '1700000000000000001')).toBe(false);
    expect(await store.webhooks.get(NEWS)).toMatchObject({ id: '1700000000000000002' });
    expect(await store.webhooks.forget(NEWS, '1700000000000000002')).toBe(true);
    expect(await store.webhooks.get(NEWS)).toBeNull();
  });

  it('stores a subscription’s webhook identity and clears it', async () => {
    const { store } = fx();
    const { sub } = await subscribedFeed(store, 'https://a.example/feed');
    expect(sub.webhook).toBeNull();
    const base = { mentionRoleId: null, maxPerHour: null, channelType: 0 };
    await store.subscriptions.configure(sub.id, { ...base, webhook: { name: 'Wire', avatarUrl: null } });
    expect((await store.subscriptions.get(sub.id))?.webhook).toEqual({ name: 'Wire', avatarUrl: null });
    // Absent: unchanged.
    await store.subscriptions.configure(sub.id, base);
    expect((await store.subscriptions.get(sub.id))?.webhook).toEqual({ name: 'Wire', avatarUrl: null });
    await store.subscriptions.configure(sub.id, { ...base, webhook: null });
    expect((await store.subscriptions.get(sub.id))?.webhook).toBeNull();

    const topic = await store.topics.upsert(
      {
        guildId: sub.guildId,
        channelId: sub.channelId,
        feedId: null,
        query: 'harbour',
        mentionRoleId: null,
        webhook: { name: null, avatarUrl: 'https://a.example/icon.png' },
      },
      T0,
    );
    expect(topic.webhook).toEqual({ name: null, avatarUrl: 'https://a.example/icon.png' });
  });

  itCalledEveryMethod(coverage);
});
