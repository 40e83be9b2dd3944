import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { FETCH_DEFAULTS } from '../../../src/feeds/fetch.js';
import { loadFeed } from '../../../src/feeds/load.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';

const big5Feed = `<?xml version="1.0" encoding="big5"?>
<rss version="2.0"><channel><title>中央社</title><link>/</link>
<item><title>台灣海峽天氣晴</title><link>/news/1</link><guid>1</guid><pubDate>Fri, 26 Apr 2024 16:47:03 +0800</pubDate></item>
</channel></rss>`;

let server: FeedServer;
let dir: string;
beforeAll(async () => {
  server = await startFeedServer();
  dir = await mkdtemp(join(tmpdir(), 'herald-load-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('loadFeed', () => {
  it('fetches, decodes by the declared charset and resolves links against the final URL', async () => {
    server.setFeed('/big5.xml', { body: iconv.encode(big5Feed, 'big5'), contentType: 'text/xml' });
    server.redirect('/moved', '/big5.xml', 301);
    const feed = await loadFeed(server.url('/moved'), { allowPrivate: true });
    expect(feed.feed).toEqual({ title: '中央社', link: server.url('/'), language: null });
    expect(feed.items[0]).toMatchObject({
      title: '台灣海峽天氣晴',
      link: server.url('/news/1'),
      published: '2024-04-26T08:47:03.000Z',
    });
  });

  it('reads a file and decodes its bytes the same way', async () => {
    const path = join(dir, 'feed.xml');
    await writeFile(path, iconv.encode(big5Feed, 'big5'));
    const feed = await loadFeed(path, { allowPrivate: false });
    expect(feed.items[0]?.title).toBe('台灣海峽天氣晴');
    expect(feed.items[0]?.link).toBeNull();
  });

  it('reports a missing file and an HTML page as not a feed', async () => {
    await expect(loadFeed(join(dir, 'missing.xml'), { allowPrivate: false })).rejects.toMatchObject({
      kind: 'not-a-feed',
    });
    server.setFeed('/page', { body: '<!doctype html><html><body>Hello</body></html>', contentType: 'text/html' });
    const err = await loadFeed(server.url('/page'), { allowPrivate: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect((err as FeedError).kind).toBe('not-a-feed');
  });

  it('holds a file to the fetch body cap by default: one byte over 10 MB is too large', async () => {
    const path = join(dir, 'huge.xml');
    await writeFile(path, '');
    await truncate(path, FETCH_DEFAULTS.maxBytes + 1);
    const err = await loadFeed(path, { allowPrivate: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect(err).toMatchObject({
      kind: 'too-large',
      message: `feed file ${path} is larger than the 10485760-byte limit`,
    });
  });

  it('reads a file of exactly the cap and refuses one byte more', async () => {
    const path = join(dir, 'exact.xml');
    const bytes = iconv.encode(big5Feed, 'big5');
    await writeFile(path, bytes);
    const feed = await loadFeed(path, { allowPrivate: false, maxBytes: bytes.length });
    expect(feed.items).toHaveLength(1);
    await expect(loadFeed(path, { allowPrivate: false, maxBytes: bytes.length - 1 })).rejects.toMatchObject({
      kind: 'too-large',
    });
  });
});
