import { describe, expect, it } from 'vitest';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, newFeed, T0, useFixture } from './harness.js';

const CARD = '{"embed":{"title":"{headline}"}}';
const LINE = '{"content":"{headline} {link}"}';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('template repository on $name', (adapter) => {
  const coverage = coverageOf('templates');
  const fx = useFixture(adapter, coverage);

  it('keeps each server’s templates apart, by name, and replaces one saved again', async () => {
    const { store } = fx();
    await store.templates.put({ guildId: 'g1', name: 'wire', content: LINE }, T0);
    await store.templates.put({ guildId: 'g1', name: 'card', content: LINE }, T0);
    await store.templates.put({ guildId: 'g2', name: 'wire', content: CARD }, T0);
    expect(await store.templates.put({ guildId: 'g1', name: 'card', content: CARD }, T0 + 1)).toEqual({
      guildId: 'g1',
      name: 'card',
      content: CARD,
      updatedAt: T0 + 1,
    });
    expect((await store.templates.ofGuild('g1')).map((t) => [t.name, t.content])).toEqual([
      ['card', CARD],
      ['wire', LINE],
    ]);
    expect((await store.templates.get('g2', 'wire'))?.content).toBe(CARD);
    expect(await store.templates.get('g2', 'card')).toBeNull();
  });

  it('sends what chose a removed template back to its preset, in that server only', async () => {
    const { store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    await store.templates.put({ guildId: 'g1', name: 'wire', content: LINE }, T0);
    await store.templates.put({ guildId: 'g2', name: 'wire', content: LINE }, T0);
    await store.guilds.put({ guildId: 'g1', template: 'wire' }, T0);
    await store.guilds.put({ guildId: 'g2', template: 'wire' }, T0);
    const sub = await store.subscriptions.create(
      { guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null },
      T0,
    );
    await store.subscriptions.configure(sub.id, {
      mentionRoleId: null,
      maxPerHour: null,
      channelType: null,
      layout: null,
      template: 'wire',
    });
    const topic = await store.topics.upsert(
      { guildId: 'g1', channelId: 'c2', feedId: null, query: 'q', mentionRoleId: null, template: 'wire' },
      T0,
    );
    expect((await store.subscriptions.get(sub.id))?.template).toBe('wire');
    expect((await store.topics.get(topic.id))?.template).toBe('wire');

    expect(await store.templates.remove('g1', 'wire')).toBe(true);
    expect(await store.templates.remove('g1', 'wire')).toBe(false);
    expect(await store.templates.get('g1', 'wire')).toBeNull();
    expect((await store.guilds.get('g1'))?.template).toBeUndefined();
    expect((await store.subscriptions.get(sub.id))?.template).toBeUndefined();
    expect((await store.topics.get(topic.id))?.template).toBeUndefined();
    // Another server's template of the same name, and its choice of it, stay.
    expect((await store.guilds.get('g2'))?.template).toBe('wire');
    expect(await store.templates.get('g2', 'wire')).not.toBeNull();
  });

  itCalledEveryMethod(coverage);
});
