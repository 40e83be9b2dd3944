import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';

const GUILD = '910000000000000001';
const CHANNEL = '920000000000000001';
const T = Date.UTC(2024, 3, 26, 8, 0, 0);

/** Story n: guid, link and date (n minutes after T) of its own unless overridden. */
const story = (n: number, over: Partial<FakeRssItem> = {}): FakeRssItem => ({
  guid: `urn:story:${n}`,
  title: `Story ${n}`,
  link: `https://news.example/story-${n}`,
  pubDate: new Date(T + n * 60_000).toUTCString(),
  description: `Text of story ${n}.`,
  ...over,
});

describe.each(databasesUnderTest())('pollFeed item identity on $name', (database) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let path: string;
  let counter = 0;

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds.close();
  });
  beforeEach(async () => {
    db = await database.open();
    deps = await testDeps(db.url);
    path = `/feed-${++counter}.xml`;
  });
  afterEach(async () => {
    await deps.store.close();
    await db.dispose();
  });

  const publish = (items: FakeRssItem[]) =>
    feeds.setRss(path, { title: 'Example News', link: 'https://news.example/', items });

  /** Adds the feed (its current items marked seen) for one channel and returns its id. */
  async function follow(items: FakeRssItem[]): Promise<number> {
    publish(items);
    const { feed } = await addFeed(deps, {
      url: feeds.url(path),
      guildId: GUILD,
      guildLocale: null,
      channelId: CHANNEL,
    });
    return feed.id;
  }

  /**
   * Polls and returns the titles of the articles that became new, in delivery order, with their channels; then marks
   * them summarized, as the summarize stage would, so the next poll reports only what it found.
   */
  async function poll(feedId: number, items: FakeRssItem[]): Promise<{ titles: string[]; channels: string[][] }> {
    publish(items);
    const outcome = await pollFeed(deps, feedId);
    if (outcome.status !== 'polled') throw new Error(`poll ${outcome.status}`);
    const titles: string[] = [];
    const channels: string[][] = [];
    for (const id of outcome.newArticleIds) {
      titles.push((await deps.store.articles.get(id))?.title ?? '?');
      channels.push((await deps.store.deliveries.ofArticle(id)).map((d) => d.channelId));
      await deps.store.articles.setState(id, 'summarized');
    }
    return { titles, channels };
  }

  it('posts nothing on the first fetch, then only the story added, to the subscribed channel', async () => {
    const id = await follow([story(2), story(1)]);
    expect((await deps.store.articles.latest(id, 10)).map((a) => a.state)).toEqual(['seen', 'seen']);
    expect(await poll(id, [story(3), story(2), story(1)])).toEqual({ titles: ['Story 3'], channels: [[CHANNEL]] });
  });

  it('skips items it has already seen after the feed reorders them', async () => {
    const id = await follow([story(3), story(2), story(1)]);
    expect((await poll(id, [story(1), story(3), story(2)])).titles).toEqual([]);
    expect((await poll(id, [story(2), story(4), story(1), story(3)])).titles).toEqual(['Story 4']);
  });

  it('does not post again an item the feed dropped and re-added', async () => {
    const id = await follow([story(3), story(2), story(1)]);
    expect((await poll(id, [story(2), story(1)])).titles).toEqual([]);
    expect((await poll(id, [story(3), story(2), story(1)])).titles).toEqual([]);
  });

  it('does not post again items whose dates were bumped or whose text was edited', async () => {
    const id = await follow([story(2), story(1)]);
    const bumped = [
      story(2, { pubDate: new Date(T + 3_600_000).toUTCString(), description: 'Corrected text of story 2.' }),
      story(1, { pubDate: new Date(T + 7_200_000).toUTCString() }),
    ];
    expect((await poll(id, bumped)).titles).toEqual([]);
  });

  it('recognizes items with neither guid nor link by title and text when only their date changes', async () => {
    const bare = (n: number, minutes: number, text = `Text ${n}.`): FakeRssItem => ({
      title: `Bulletin ${n}`,
      pubDate: new Date(T + minutes * 60_000).toUTCString(),
      description: text,
    });
    const id = await follow([bare(2, 2), bare(1, 1)]);
    expect((await poll(id, [bare(2, 50), bare(1, 40)])).titles).toEqual([]);
    // Same title, new text: a new bulletin, not a bumped one.
    expect((await poll(id, [bare(1, 90, 'Another bulletin.'), bare(2, 50), bare(1, 40)])).titles).toEqual([
      'Bulletin 1',
    ]);
  });

  it('does not post again items whose guids changed while their links stayed', async () => {
    const id = await follow([story(2), story(1)]);
    const renamed = [story(2, { guid: 'https://news.example/?p=2' }), story(1, { guid: 'https://news.example/?p=1' })];
    expect((await poll(id, renamed)).titles).toEqual([]);
    expect((await poll(id, [story(3, { guid: 'https://news.example/?p=3' }), ...renamed])).titles).toEqual(['Story 3']);
    // The renamed items are stored under their new keys, so the next fetch knows them without looking at links.
    expect((await poll(id, [story(3, { guid: 'https://news.example/?p=3' }), ...renamed])).titles).toEqual([]);
  });

  it('tells apart items that share one guid inside a feed, and posts a later one with that guid', async () => {
    const id = await follow([story(2, { guid: 'same' }), story(1, { guid: 'same' })]);
    expect((await deps.store.articles.latest(id, 10)).map((a) => a.title).sort()).toEqual(['Story 1', 'Story 2']);
    expect(
      (await poll(id, [story(3, { guid: 'same' }), story(2, { guid: 'same' }), story(1, { guid: 'same' })])).titles,
    ).toEqual(['Story 3']);
  });

  it('posts the second story of a guid the feed starts reusing, once', async () => {
    const id = await follow([story(1, { guid: 'reused' })]);
    const items = [story(2, { guid: 'reused' }), story(1, { guid: 'reused' })];
    expect((await poll(id, items)).titles).toEqual(['Story 2']);
    expect((await poll(id, items)).titles).toEqual([]);
  });

  it('posts distinct items that share one URL, each once', async () => {
    const shared = 'https://news.example/live';
    const id = await follow([story(2, { link: shared }), story(1, { link: shared })]);
    const items = [story(3, { link: shared }), story(2, { link: shared }), story(1, { link: shared })];
    expect(await poll(id, items)).toEqual({ titles: ['Story 3'], channels: [[CHANNEL]] });
    expect((await poll(id, items)).titles).toEqual([]);
  });

  it('handles a feed of 2,000 items: all seen at first, then exactly the new ones, oldest first', async () => {
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => story(to - i));
    const id = await follow(range(1, 2000));
    expect((await deps.store.articles.latest(id, 5000)).filter((a) => a.state !== 'seen')).toEqual([]);
    expect((await poll(id, range(1, 2001))).titles).toEqual(['Story 2001']);
    const shifted = await poll(id, range(12, 2011));
    expect(shifted.titles).toEqual(Array.from({ length: 10 }, (_, i) => `Story ${2002 + i}`));
    expect(shifted.channels.every((c) => c.length === 1 && c[0] === CHANNEL)).toBe(true);
  }, 60_000);
});
