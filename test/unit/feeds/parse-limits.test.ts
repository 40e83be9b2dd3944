import { describe, expect, it } from 'vitest';
import { clipText, FEED_LIMITS } from '../../../src/feeds/limits.js';
import { parseFeed } from '../../../src/feeds/parse.js';
import { parseFeedText } from '../../../src/feeds/parse-off-thread.js';

const T = Date.UTC(2024, 0, 1);
const MAX = FEED_LIMITS.maxItems;

/** RSS with `count` items; item i is dated i minutes after T (so the document lists its oldest first). */
function datedRss(count: number, undated: ReadonlySet<number> = new Set()): string {
  const items = Array.from({ length: count }, (_, i) => {
    const date = undated.has(i) ? '' : `<pubDate>${new Date(T + i * 60_000).toUTCString()}</pubDate>`;
    return `<item><guid>${i}</guid><title>Item ${i}</title>${date}</item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;
}

const guids = (feed: { items: { guid: string | null }[] }) => feed.items.map((i) => Number(i.guid));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('feed limits', () => {
  it('reads a feed within the limits whole and marks nothing truncated', async () => {
    const feed = await parseFeed(datedRss(MAX));
    expect(feed.items).toHaveLength(MAX);
    expect(feed.truncated).toBeUndefined();
  });

  it('keeps the newest items by date, in document order, and records what it left out', async () => {
    const feed = await parseFeed(datedRss(MAX + 3));
    expect(guids(feed)).toEqual(range(3, MAX + 3));
    expect(feed.truncated).toEqual({ itemsInDocument: MAX + 3, itemsKept: MAX, itemsTextCut: 0 });
  });

  it('keeps the first items in document order when some item has no date', async () => {
    const feed = await parseFeed(datedRss(MAX + 2, new Set([MAX + 1])));
    expect(guids(feed)).toEqual(range(0, MAX));
    expect(feed.truncated).toMatchObject({ itemsInDocument: MAX + 2, itemsKept: MAX });
  });

  it('keeps the newest items of a JSON Feed the same way', async () => {
    const items = Array.from({ length: MAX + 1 }, (_, i) => ({
      id: String(i),
      title: `Item ${i}`,
      date_published: new Date(T + (MAX - i) * 60_000).toISOString(),
    }));
    const feed = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items }));
    expect(guids(feed)).toEqual(range(0, MAX));
    expect(feed.truncated).toEqual({ itemsInDocument: MAX + 1, itemsKept: MAX, itemsTextCut: 0 });
  });

  it('cuts the text of an item to the limits and counts the item', async () => {
    const paragraph = `<p>${'word '.repeat(40_000)}</p>`;
    const categories = Array.from({ length: 150 }, (_, i) => `<category>c${i}</category>`).join('');
    const item = `<item><guid>big</guid><title>${'T'.repeat(5000)}</title><description><![CDATA[${paragraph.repeat(3)}]]></description>${categories}</item>`;
    const doc = `<rss version="2.0"><channel><title>${'F'.repeat(5000)}</title>${item}<item><guid>small</guid><title>S</title></item></channel></rss>`;
    const feed = await parseFeed(doc);
    const big = feed.items[0];
    expect(big?.contentHtml).toHaveLength(FEED_LIMITS.maxItemHtmlChars);
    expect(big?.contentText.length).toBeLessThanOrEqual(FEED_LIMITS.maxItemTextChars);
    expect(big?.contentText.length).toBeGreaterThan(FEED_LIMITS.maxItemTextChars - 10);
    expect(big?.title).toHaveLength(FEED_LIMITS.maxFieldChars);
    expect(big?.categories).toHaveLength(FEED_LIMITS.maxCategories);
    expect(feed.items[1]?.title).toBe('S');
    expect(feed.feed.title).toHaveLength(FEED_LIMITS.maxFieldChars);
    expect(feed.truncated).toEqual({ itemsInDocument: 2, itemsKept: 2, itemsTextCut: 1 });
  });

  it('applies the limits in the parsing thread, before the items are copied back', async () => {
    const threads: number[] = [];
    const feed = await parseFeedText(datedRss(MAX + 1), undefined, {
      thresholdChars: 1,
      onThread: (id) => threads.push(id),
    });
    expect(threads).toHaveLength(1);
    expect(feed.items).toHaveLength(MAX);
    expect(feed.truncated).toEqual({ itemsInDocument: MAX + 1, itemsKept: MAX, itemsTextCut: 0 });
  }, 30_000);
});

describe('clipText', () => {
  it('never cuts between the two halves of a surrogate pair', () => {
    expect(clipText('ab😀', 3)).toBe('ab');
    expect(clipText('ab😀', 4)).toBe('ab😀');
    expect(clipText('abc', 2)).toBe('ab');
  });
});
