import { describe, expect, it } from 'vitest';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, T0, useFixture } from './harness.js';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('forum tag repository on $name', (adapter) => {
  const coverage = coverageOf('forumTags');
  const fx = useFixture(adapter, coverage);

  it('maps a label to one tag per forum, replaces it, lists by guild and channel, and removes it', async () => {
    const { store } = fx();
    const economy = await store.forumTags.map(
      { guildId: 'g1', channelId: 'f1', topic: 'Economy', topicKey: 'economy', tag: 'Business' },
      T0,
    );
    expect(economy).toEqual({
      id: economy.id,
      guildId: 'g1',
      channelId: 'f1',
      topic: 'Economy',
      topicKey: 'economy',
      tag: 'Business',
      createdAt: T0,
    });
    const taiwan = await store.forumTags.map(
      { guildId: 'g1', channelId: 'f1', topic: '臺灣', topicKey: '台湾', tag: '台灣' },
      T0 + 1,
    );
    const other = await store.forumTags.map(
      { guildId: 'g1', channelId: 'f2', topic: 'economy', topicKey: 'economy', tag: 'Money' },
      T0 + 2,
    );
    // The same label (as folded) in the same forum: its tag is replaced, not doubled.
    const replaced = await store.forumTags.map(
      { guildId: 'g1', channelId: 'f1', topic: 'ECONOMY', topicKey: 'economy', tag: 'Markets' },
      T0 + 3,
    );
    expect(replaced).toEqual({ ...economy, topic: 'ECONOMY', tag: 'Markets' });

    expect(await store.forumTags.ofChannel('f1')).toEqual([replaced, taiwan]);
    expect(await store.forumTags.ofGuild('g1')).toEqual([replaced, taiwan, other]);
    expect(await store.forumTags.ofGuild('g2')).toEqual([]);

    // Another server cannot remove this server's mapping.
    expect(await store.forumTags.remove('g2', 'f1', 'economy')).toBe(false);
    expect(await store.forumTags.remove('g1', 'f1', 'economy')).toBe(true);
    expect(await store.forumTags.remove('g1', 'f1', 'economy')).toBe(false);
    expect(await store.forumTags.ofChannel('f1')).toEqual([taiwan]);
  });

  itCalledEveryMethod(coverage);
});
