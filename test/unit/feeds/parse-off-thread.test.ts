import { describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { parseFeed } from '../../../src/feeds/parse.js';
import { PARSE_OFF_THREAD_DEFAULTS, parseFeedText } from '../../../src/feeds/parse-off-thread.js';

const T = Date.UTC(2024, 0, 1);

function bigRss(count: number): string {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><guid>urn:item:${i}</guid><title>Item ${i} &amp; more</title><link>https://big.example/${i}</link>` +
      `<pubDate>${new Date(T + i * 60_000).toUTCString()}</pubDate>` +
      `<description>&lt;p&gt;Paragraph ${i} of a feed that is large enough to need its own thread.&lt;/p&gt;</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>${items.join('')}</channel></rss>`;
}

describe('parseFeedText', () => {
  it('parses a 5,000-item feed over the threshold in a worker thread, item for item like the main thread', async () => {
    const text = bigRss(5000);
    expect(text.length).toBeGreaterThan(PARSE_OFF_THREAD_DEFAULTS.thresholdChars);
    const threads: number[] = [];
    const feed = await parseFeedText(text, undefined, { onThread: (id) => threads.push(id) });
    expect(threads).toHaveLength(1);
    expect(threads[0]).toBeGreaterThan(0);
    expect(feed.items).toHaveLength(5000);
    expect(feed.items[0]).toMatchObject({
      key: 'g:urn:item:0',
      title: 'Item 0 & more',
      link: 'https://big.example/0',
      published: new Date(T).toISOString(),
    });
    expect(feed.items[4999]?.key).toBe('g:urn:item:4999');
    expect(feed).toEqual(await parseFeed(text));
  }, 60_000);

  it('parses a small feed on the calling thread', async () => {
    const threads: number[] = [];
    const feed = await parseFeedText(bigRss(3), undefined, { onThread: (id) => threads.push(id) });
    expect(threads).toEqual([]);
    expect(feed.items.map((i) => i.key)).toEqual(['g:urn:item:0', 'g:urn:item:1', 'g:urn:item:2']);
  });

  it('brings a failure in the thread back as the same classified FeedError', async () => {
    const broken = `${bigRss(50).slice(0, -40)}<item><title>cut`;
    const err = await parseFeedText(broken, undefined, { thresholdChars: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect(err).toMatchObject({ kind: 'parse', problem: { code: 'malformed' } });
    const html = await parseFeedText(`<!doctype html><html>${' '.repeat(200)}</html>`, undefined, {
      thresholdChars: 100,
    }).catch((e: unknown) => e);
    expect(html).toMatchObject({ kind: 'not-a-feed', problem: { code: 'not-a-feed', document: 'html' } });
  }, 30_000);
});
