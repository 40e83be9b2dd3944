import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { resolveFeedAddress } from '../../../src/pipeline/use-cases/site-feed.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe.each(databasesUnderTest())('/feed add with rsshub:// on $name', (database) => {
  let rsshub: FeedServer;
  let db: TestDatabase;
  let deps: Deps;

  beforeAll(async () => {
    rsshub = await startFeedServer();
    rsshub.setRss('/hub/github/issue/DIYgod/RSSHub', {
      title: 'DIYgod/RSSHub issues',
      link: 'https://github.com/DIYgod/RSSHub/issues',
      items: [{ guid: 'issue-1', title: 'Issue 1' }],
    });
  });
  afterAll(async () => {
    await rsshub.close();
  });
  beforeEach(async () => {
    db = await database.open();
    deps = await testDeps(db.url, { RSSHUB_URL: rsshub.url('/hub/') });
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  it('follows the route on RSSHUB_URL and says what it was turned into', async () => {
    const result = await addFeed(deps, {
      url: 'rsshub://github/issue/DIYgod/RSSHub',
      guildId: 'g1',
      guildLocale: null,
      channelId: 'c1',
    });
    expect(result.feed.url).toBe(rsshub.url('/hub/github/issue/DIYgod/RSSHub'));
    expect(result.feed.title).toBe('DIYgod/RSSHub issues');
    expect(result).toMatchObject({ subscribed: true, resolvedFrom: 'rsshub://github/issue/DIYgod/RSSHub' });
    expect(rsshub.requests.map((r) => r.path)).toContain('/hub/github/issue/DIYgod/RSSHub');
  });
});

describe('resolveFeedAddress', () => {
  let db: TestDatabase;
  let deps: Deps;
  const [sqlite] = databasesUnderTest();
  beforeAll(async () => {
    db = await sqlite!.open();
    deps = await testDeps(db.url);
  });
  afterAll(async () => {
    await deps.store.close();
    await db.dispose();
  });

  it('asks for RSSHUB_URL when rsshub:// is used without it, and for a route when there is none', async () => {
    expect((await userError(resolveFeedAddress(deps, 'rsshub://github/trending/daily'))).key).toBe(
      'rsshubNotConfigured',
    );
    expect((await userError(resolveFeedAddress(deps, 'rsshub://'))).key).toBe('rsshubRouteMissing');
  });

  it('maps channel and subreddit addresses without fetching them, and leaves other addresses as given', async () => {
    expect(await resolveFeedAddress(deps, 'https://www.youtube.com/channel/UCEuMf6yCwPLt4l0zNrrIBmw')).toEqual({
      url: 'https://www.youtube.com/feeds/videos.xml?channel_id=UCEuMf6yCwPLt4l0zNrrIBmw',
      resolvedFrom: 'https://www.youtube.com/channel/UCEuMf6yCwPLt4l0zNrrIBmw',
    });
    expect(await resolveFeedAddress(deps, 'https://www.reddit.com/r/taiwan')).toEqual({
      url: 'https://www.reddit.com/r/taiwan/.rss',
      resolvedFrom: 'https://www.reddit.com/r/taiwan',
    });
    expect(await resolveFeedAddress(deps, 'https://example.org/feed.xml')).toEqual({
      url: 'https://example.org/feed.xml',
      resolvedFrom: null,
    });
  });
});
