import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../../src/domain.js';
import { migrations } from '../../../src/store/migrations/index.js';
import type { Database } from '../../../src/store/schema.js';
import {
  type Adapter,
  adaptersUnderTest,
  newArticle,
  newFeed,
  T0,
  type TestDatabase,
} from '../store-contract/harness.js';

const summary: Summary = {
  headline: '布林肯會晤王毅',
  summary: '美國國務卿週五在北京會晤中國外長。',
  keyPoints: [],
  topics: ['politics'],
  entities: ['布林肯', '王毅'],
  language: 'zh-TW',
  kind: 'filler',
  source: 'llm',
  model: 'm',
};

/** Runs the migrations up to and including `last`, as a database last migrated by an older release would be. */
async function migrateTo(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', last: string): Promise<void> {
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo(last);
  if (error) throw error;
}

describe.each(adaptersUnderTest())('summary entities, kind and the filler setting on $name', (adapter: Adapter) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  it('migrates a database of the previous release: old summaries read as news without entities, filler posted', async () => {
    database = await adapter.createDatabase();
    // Opening the store creates the SQLite file's directory; it migrates only when asked.
    const store = database.open();
    const tables = database.tables();
    await migrateTo(tables, adapter.name as 'sqlite' | 'postgres', '0005_search');
    await tables
      .insertInto('summaries')
      .values({
        story_key: 'old',
        requested_language: 'en',
        style: 'standard',
        variant: 'm/p2',
        headline: 'H',
        summary: 'S.',
        key_points: '[]',
        topics: '["diplomacy"]',
        language: 'en',
        source: 'llm',
        model: 'm',
        created_at: T0,
      })
      .execute();
    await tables
      .insertInto('guilds')
      .values({ guild_id: 'g1', language: 'en', style: 'brief', created_at: T0, updated_at: T0 })
      .execute();

    await store.migrate();
    expect(await store.stories.getSummary('old', 'en', 'standard', 'm/p2')).toMatchObject({
      topics: ['diplomacy'],
      entities: [],
      kind: 'news',
    });
    expect(await store.guilds.get('g1')).toMatchObject({ language: 'en', filler: 'post' });
    await store.migrate();
  });

  it('stores entities and kind with a summary, and the filler setting with the guild', async () => {
    database = await adapter.createDatabase();
    const store = database.open();
    await store.migrate();
    const stored = await store.stories.putSummary('s1', 'zh-TW', 'standard', summary, T0, 'm/p3');
    expect(stored).toMatchObject(summary);
    expect(await store.stories.getSummary('s1', 'zh-TW', 'standard', 'm/p3')).toEqual(stored);

    const prefs = { guildId: 'g1', language: 'zh-TW', style: 'brief', layout: 'full', timezone: 'UTC' } as const;
    await store.guilds.put({ ...prefs, filler: 'skip' }, T0);
    expect((await store.guilds.get('g1'))?.filler).toBe('skip');
    // Changing the language alone keeps the filler choice.
    await store.guilds.put({ guildId: 'g1', language: 'en', style: 'brief' }, T0 + 1);
    expect(await store.guilds.get('g1')).toMatchObject({ language: 'en', filler: 'skip' });
    await store.guilds.put({ ...prefs, filler: 'post' }, T0 + 2);
    expect((await store.guilds.get('g1'))?.filler).toBe('post');
  });

  it('records a skipped delivery, which leaves the channel’s queue and never undoes a post', async () => {
    database = await adapter.createDatabase();
    const store = database.open();
    await store.migrate();
    const feed = await store.feeds.upsert(newFeed('https://a.example/'));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: feed.id, mentionRoleId: null }, T0);
    const [ad, sent] = await store.articles.insert(feed.id, [newArticle('ad'), newArticle('sent')], 'new', T0);
    await store.deliveries.createForSubscriptions(ad!.id, T0);
    await store.deliveries.createForSubscriptions(sent!.id, T0);
    const [adDelivery] = await store.deliveries.ofArticle(ad!.id);
    const [sentDelivery] = await store.deliveries.ofArticle(sent!.id);

    await store.deliveries.markSkipped(adDelivery!.id, 'filler');
    await store.deliveries.markSent(sentDelivery!.id, 'm1', T0);
    await store.deliveries.markSkipped(sentDelivery!.id, 'filler');
    expect((await store.deliveries.ofArticle(ad!.id)).map((d) => [d.state, d.error, d.messageId])).toEqual([
      ['skipped', 'filler', null],
    ]);
    expect((await store.deliveries.ofArticle(sent!.id)).map((d) => [d.state, d.messageId])).toEqual([['sent', 'm1']]);
    expect(await store.deliveries.nextPending('c1')).toBeNull();
    expect(await store.deliveries.readyChannels(10)).toEqual([]);
  });
});
