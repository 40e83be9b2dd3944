import { describe, expect, it } from 'vitest';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  newFeed,
  subscribedFeed,
  T0,
  useFixture,
} from './harness.js';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('mention rule repository on $name', (adapter) => {
  const coverage = coverageOf('mentions');
  const fx = useFixture(adapter, coverage);

  async function seed() {
    const { store } = fx();
    const { feed, sub } = await subscribedFeed(store, 'https://a.example/', 'g1', 'c1');
    const topic = await store.topics.upsert(
      { guildId: 'g1', channelId: 'c2', feedId: null, query: '台灣', mentionRoleId: null },
      T0,
    );
    return { feed, sub, topic };
  }

  it('adds rules to feed and topic subscriptions, one per role, and replaces a role’s filter', async () => {
    const { store } = fx();
    const { sub, topic } = await seed();
    const taiwan = await store.mentions.add(
      { guildId: 'g1', owner: { subscriptionId: sub.id }, roleId: 'r1', filter: 'entity:台灣' },
      T0,
    );
    expect(taiwan).toEqual({
      id: taiwan.id,
      guildId: 'g1',
      owner: { subscriptionId: sub.id },
      roleId: 'r1',
      filter: 'entity:台灣',
      createdAt: T0,
    });
    const every = await store.mentions.add(
      { guildId: 'g1', owner: { topicSubscriptionId: topic.id }, roleId: 'r1', filter: null },
      T0 + 1,
    );
    const replaced = await store.mentions.add(
      { guildId: 'g1', owner: { subscriptionId: sub.id }, roleId: 'r1', filter: 'topic:business' },
      T0 + 2,
    );
    expect(replaced).toEqual({ ...taiwan, filter: 'topic:business' });
    await store.mentions
      .add({ guildId: 'g2', owner: { subscriptionId: sub.id + 1000 }, roleId: 'r3', filter: null }, T0)
      .then(
        () => expect.unreachable('a rule needs its subscription'),
        (err: unknown) => expect(err).toBeInstanceOf(Error),
      );

    expect(await store.mentions.ofGuild('g1')).toEqual([replaced, every]);
    expect(await store.mentions.ofGuild('g2')).toEqual([]);
    expect(await store.mentions.forOwners([sub.id], [])).toEqual([replaced]);
    expect(await store.mentions.forOwners([], [topic.id])).toEqual([every]);
    expect(await store.mentions.forOwners([sub.id], [topic.id])).toEqual([replaced, every]);
    expect(await store.mentions.forOwners([], [])).toEqual([]);
  });

  it('removes a rule by subscription and role, and a subscription’s rules go with it', async () => {
    const { store } = fx();
    const { feed, sub, topic } = await seed();
    await store.mentions.add({ guildId: 'g1', owner: { subscriptionId: sub.id }, roleId: 'r1', filter: null }, T0);
    await store.mentions.add({ guildId: 'g1', owner: { subscriptionId: sub.id }, roleId: 'r2', filter: null }, T0);
    await store.mentions.add(
      { guildId: 'g1', owner: { topicSubscriptionId: topic.id }, roleId: 'r1', filter: null },
      T0,
    );
    expect(await store.mentions.remove({ subscriptionId: sub.id }, 'r9')).toBe(false);
    expect(await store.mentions.remove({ subscriptionId: sub.id }, 'r1')).toBe(true);
    expect((await store.mentions.ofGuild('g1')).map((r) => [r.owner, r.roleId])).toEqual([
      [{ subscriptionId: sub.id }, 'r2'],
      [{ topicSubscriptionId: topic.id }, 'r1'],
    ]);
    await store.subscriptions.removeFeed('g1', feed.id);
    await store.topics.remove('g1', topic.id);
    expect(await store.mentions.ofGuild('g1')).toEqual([]);
    const other = await store.feeds.upsert(newFeed('https://b.example/'));
    expect(await store.mentions.forOwners([other.id], [])).toEqual([]);
  });

  itCalledEveryMethod(coverage);
});
