import { describe, expect, it } from 'vitest';
import { DEFAULT_GUILD_SETTINGS } from '../../../src/store/store.js';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, T0, useFixture } from './harness.js';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('guild repository on $name', (adapter) => {
  const coverage = coverageOf('guilds');
  const fx = useFixture(adapter, coverage);

  it('stores and replaces guild settings', async () => {
    const { store } = fx();
    expect(await store.guilds.get('g1')).toBeNull();
    await store.guilds.put({ guildId: 'g1', language: 'zh-TW', style: 'brief' }, T0);
    await store.guilds.put({ guildId: 'g2', language: 'en', style: 'standard' }, T0);
    await store.guilds.put({ guildId: 'g1', language: 'source', style: 'detailed' }, T0 + 1);
    expect(await store.guilds.get('g1')).toEqual({
      ...DEFAULT_GUILD_SETTINGS,
      guildId: 'g1',
      language: 'source',
      style: 'detailed',
    });
    expect(await store.guilds.get('g2')).toEqual({
      ...DEFAULT_GUILD_SETTINGS,
      guildId: 'g2',
      language: 'en',
      style: 'standard',
    });
  });

  it('fills in the defaults for a new guild and keeps the settings a change leaves out', async () => {
    const { store } = fx();
    await store.guilds.put({ guildId: 'g1', language: 'zh-TW', style: 'brief' }, T0);
    expect(await store.guilds.get('g1')).toEqual({
      guildId: 'g1',
      language: 'zh-TW',
      style: 'brief',
      layout: 'full',
      timezone: 'UTC',
      filler: 'post',
    });
    const all = {
      guildId: 'g1',
      language: 'en',
      style: 'detailed',
      layout: 'compact',
      timezone: 'Asia/Taipei',
      filler: 'skip',
    } as const;
    expect(await store.guilds.put(all, T0 + 1)).toEqual(all);
    expect(await store.guilds.get('g1')).toEqual(all);
    // Changing the language alone keeps layout, time zone and filler choice.
    expect(await store.guilds.put({ guildId: 'g1', language: 'zh-CN', style: undefined }, T0 + 2)).toEqual({
      ...all,
      language: 'zh-CN',
    });
    expect(await store.guilds.put({ guildId: 'g1', filler: 'post' }, T0 + 3)).toEqual({
      ...all,
      language: 'zh-CN',
      filler: 'post',
    });
    expect(await store.guilds.get('g2')).toBeNull();
  });

  it('records when a guild’s settings were created and last changed', async () => {
    const { db, store } = fx();
    await store.guilds.put({ guildId: 'g1' }, T0);
    await store.guilds.put({ guildId: 'g1', layout: 'compact' }, T0 + 5);
    const row = await db.tables().selectFrom('guilds').select(['created_at', 'updated_at']).executeTakeFirstOrThrow();
    expect([Number(row.created_at), Number(row.updated_at)]).toEqual([T0, T0 + 5]);
    expect(await store.guilds.get('g1')).toEqual({ guildId: 'g1', ...DEFAULT_GUILD_SETTINGS, layout: 'compact' });
  });

  itCalledEveryMethod(coverage);
});
