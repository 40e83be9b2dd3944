import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databases, recordingPoster, testDeps } from './harness.js';

const standfirst = readFileSync(new URL('../../fixtures/articles/en-standfirst.html', import.meta.url), 'utf8');
const GUILD = '711000000000000001';
const CHANNEL = '811000000000000001';
/** Long enough (over 80 words) not to be a teaser: its page is not read for its text. */
const FULL_TEXT = `<p>${'The harbour council approved the new tidal plant after a long debate about costs and fish. '.repeat(8)}</p>`;
const page = (meta: string) =>
  `<!doctype html><html><head><title>Tidal</title>${meta}</head><body><p>Hello.</p></body></html>`;

/** Serves an HTML response that never ends, writing `chunk` whenever the socket can take more; `closed` resolves once the client hangs up. */
function endless(first: string, chunk: string) {
  let hungUp: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    hungUp = resolve;
  });
  const handler = (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.on('close', hungUp);
    const pump = () => {
      while (chunk && !res.destroyed && res.write(chunk)) {
        // keep writing until the socket's buffer is full
      }
    };
    res.write(first);
    res.on('drain', pump);
    pump();
  };
  return { handler, closed };
}

describe.each(databases)('pictures from article pages on $name', (database) => {
  let pages: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;
  const poster = recordingPoster();
  const stillOpen = endless(page('<meta property="og:image" content="https://img.example/still-open.jpg">'), '');
  const noHead = endless(
    '<html><head><meta property="og:image" content="https://img.example/no-head.jpg"><script>',
    'x'.repeat(16 * 1024),
  );

  beforeAll(async () => {
    pages = await startFeedServer();
    pages.setFeed('/og.html', {
      body: page('<meta property="og:image" content="/media/og.jpg?w=1200&amp;q=85">'),
      contentType: 'text/html; charset=utf-8',
    });
    pages.setFeed('/twitter.html', {
      body: page('<meta name="twitter:image" content="https://img.example/tw.jpg">'),
      contentType: 'text/html',
    });
    pages.setFeed('/data.html', {
      body: page('<meta property="og:image" content="data:image/png;base64,iVBORw0KGgo=">'),
      contentType: 'text/html',
    });
    pages.setFeed('/standfirst.html', { body: standfirst, contentType: 'text/html; charset=utf-8' });
    pages.setFeed('/pictured.html', {
      body: page('<meta property="og:image" content="/x.jpg">'),
      contentType: 'text/html',
    });
    pages.setHandler('/still-open.html', stillOpen.handler);
    pages.setHandler('/no-head.html', noHead.handler);
    db = await database.open();
    deps = await testDeps(db.url, {}, { publisher: createDiscordPublisher({ poster }) });
  });
  afterAll(async () => {
    await deps?.store.close();
    await pages?.close();
    await db?.dispose();
  });

  /** Polls a new feed of `items` (all new, all followed by one channel), summarizes them and returns them by guid. */
  async function summarized(d: Deps, path: string, items: FakeRssItem[]) {
    const feed = await d.store.feeds.upsert({
      url: pages.url(path),
      title: 'Coastal News',
      siteLink: null,
      language: 'en',
      intervalSeconds: 600,
      nextPollAt: Date.now(),
    });
    await d.store.subscriptions.create({ guildId: GUILD, channelId: CHANNEL, feedId: feed.id, mentionRoleId: null }, 0);
    pages.setRss(path, { title: 'Coastal News', link: 'https://coastal.example/', items: [] });
    await pollFeed(d, feed.id);
    pages.setRss(path, { title: 'Coastal News', link: 'https://coastal.example/', items });
    const outcome = await pollFeed(d, feed.id);
    if (outcome.status !== 'polled') throw new Error('poll failed');
    const byGuid = new Map<string, { id: number; imageUrl: string | null }>();
    for (const id of outcome.newArticleIds) {
      await summarizeArticle(d, id);
      const article = await d.store.articles.get(id);
      if (article?.guid) byGuid.set(article.guid, article);
    }
    return byGuid;
  }

  const item = (guid: string, path: string, description = FULL_TEXT): FakeRssItem => ({
    guid,
    title: `Tidal power ${guid}`,
    link: pages.url(path),
    description,
  });
  const requestsTo = (path: string) => pages.requests.filter((r) => r.path === path).length;

  it('gives an article without a picture its page’s og:image or twitter:image, resolved, and posts it', async () => {
    const articles = await summarized(deps, '/full.xml', [
      item('og', '/og.html'),
      item('twitter', '/twitter.html'),
      item('data', '/data.html'),
      item('missing', '/missing.html'),
      item('pictured', '/pictured.html', `<p><img src="https://img.example/feed.jpg"></p>${FULL_TEXT}`),
    ]);
    expect(Object.fromEntries([...articles].map(([guid, a]) => [guid, a.imageUrl]))).toEqual({
      og: pages.url('/media/og.jpg?w=1200&q=85'),
      twitter: 'https://img.example/tw.jpg',
      data: null,
      missing: null,
      pictured: 'https://img.example/feed.jpg',
    });
    // An item with a picture of its own does not send Herald to its page.
    expect(requestsTo('/pictured.html')).toBe(0);

    await deliverChannel(deps, CHANNEL);
    const images = poster.posts.map((p) => [p.body.embeds?.[0]?.url, p.body.embeds?.[0]?.image?.url]);
    expect(images).toContainEqual([pages.url('/og.html'), pages.url('/media/og.jpg?w=1200&q=85')]);
    expect(images).toContainEqual([pages.url('/data.html'), undefined]);
  });

  it('reads a teaser’s page once, for its text and its picture', async () => {
    const articles = await summarized(deps, '/teasers.xml', [
      item('teaser', '/standfirst.html', '<p>Killings of journalists rose by a third.</p>'),
    ]);
    expect(articles.get('teaser')?.imageUrl).toBe(
      'https://i.example.org/img/media/press-freedom/master/1200.jpg?width=1200&quality=85',
    );
    expect(requestsTo('/standfirst.html')).toBe(1);
  });

  it('reads the head only: stops at </head> on a page that never ends, and at 64 KiB on one without a head end', async () => {
    const articles = await summarized(deps, '/endless.xml', [
      item('still-open', '/still-open.html'),
      item('no-head', '/no-head.html'),
    ]);
    expect(articles.get('still-open')?.imageUrl).toBe('https://img.example/still-open.jpg');
    expect(articles.get('no-head')?.imageUrl).toBe('https://img.example/no-head.jpg');
    // Herald hung up on both rather than reading on.
    await Promise.all([stillOpen.closed, noHead.closed]);
  });

  it('fetches no page under the address guard, nor when article pages are not to be fetched', async () => {
    const before = requestsTo('/og.html');
    const guarded = await testDeps(db.url, { FEED_ALLOW_PRIVATE: 'false' }, { store: deps.store });
    const feed = await deps.store.feeds.upsert({
      url: pages.url('/guarded.xml'),
      title: 'Guarded',
      siteLink: null,
      language: 'en',
      intervalSeconds: 600,
      nextPollAt: Date.now(),
    });
    await deps.store.subscriptions.create(
      { guildId: GUILD, channelId: CHANNEL, feedId: feed.id, mentionRoleId: null },
      0,
    );
    const [local] = await deps.store.articles.insert(
      feed.id,
      [
        {
          key: 'local',
          guid: 'local',
          title: 'Local page',
          link: pages.url('/og.html'),
          publishedAt: null,
          author: null,
          imageUrl: null,
          contentText: 'A long enough text. '.repeat(30),
          categories: [],
        },
      ],
      'new',
      Date.now(),
    );
    await summarizeArticle(guarded, local!.id);
    expect((await deps.store.articles.get(local!.id))?.imageUrl).toBeNull();

    const articles = await summarized(
      await testDeps(db.url, { ARTICLE_FETCH_FULL_TEXT: 'false' }, { store: deps.store }),
      '/no-fetch.xml',
      [item('no-fetch', '/og.html')],
    );
    expect(articles.get('no-fetch')?.imageUrl).toBeNull();
    expect(requestsTo('/og.html')).toBe(before);
  });
});
