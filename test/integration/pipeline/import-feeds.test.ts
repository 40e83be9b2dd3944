import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import type { OpmlFeed } from '../../../src/feeds/opml.js';
import { exportFeeds } from '../../../src/pipeline/use-cases/export-feeds.js';
import { type ImportProgress, importFeeds } from '../../../src/pipeline/use-cases/import-feeds.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const T = Date.UTC(2026, 10, 26, 8);
const GUILD = 'g1';
const FORUM = 'forum-1';

describe.each(databasesUnderTest())('importFeeds on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let clock: number;

  beforeAll(async () => {
    feeds = await startFeedServer();
    for (let i = 1; i <= 6; i++) {
      feeds.setRss(`/f${i}.xml`, {
        title: `Feed ${i}`,
        link: `https://f${i}.example/`,
        items: [{ guid: `f${i}-1`, title: `Story of feed ${i}`, link: `https://f${i}.example/1` }],
      });
    }
  });
  afterAll(async () => {
    await feeds.close();
  });
  beforeEach(async () => {
    db = await database.open();
    clock = T;
    deps = await testDeps(db.url, {}, { now: () => clock });
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  const list = (n: number): OpmlFeed[] =>
    Array.from({ length: n }, (_, i) => ({
      url: feeds.url(`/f${i + 1}.xml`),
      title: `From the file ${i + 1}`,
      siteLink: null,
      category: null,
    }));

  it('stores the channel type on each new subscription, so a forum gets one post per article', async () => {
    const result = await importFeeds(deps, {
      guildId: GUILD,
      guildLocale: 'zh-TW',
      channelId: FORUM,
      channelType: 15,
      feeds: list(2),
    });
    expect(result.outcomes.map((o) => [o.status, o.title])).toEqual([
      ['added', 'Feed 1'],
      ['added', 'Feed 2'],
    ]);
    const subs = await deps.store.subscriptions.ofGuild(GUILD);
    expect(subs.map((s) => [s.channelId, s.channelType])).toEqual([
      [FORUM, 15],
      [FORUM, 15],
    ]);
    expect((await deps.store.guilds.get(GUILD))?.language).toBe('zh-TW');
  });

  it('reports each feed as it finishes and starts none after the deadline', async () => {
    const seen: ImportProgress[] = [];
    const result = await importFeeds(deps, {
      guildId: GUILD,
      guildLocale: null,
      channelId: 'c1',
      feeds: list(6),
      deadline: T + 1000,
      onProgress: (p) => {
        seen.push(p);
        // The first feed to finish takes the clock past the deadline; the four started already finish.
        clock = T + 2000;
      },
    });
    expect(result.outcomes.map((o) => o.status)).toEqual(['added', 'added', 'added', 'added', 'skipped', 'skipped']);
    expect(result).toMatchObject({ added: 4, already: 0, failed: 0, skipped: 2 });
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.every((p) => p.total === 6)).toBe(true);
    expect((await exportFeeds(deps, GUILD)).count).toBe(4);
  });
});
