import { describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { parseFeed } from '../../../src/feeds/parse.js';

const rss = (items: string, channel = '<title>Feed</title><link>https://example.org/</link>') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel>${channel}${items}</channel></rss>`;

async function parseError(text: string): Promise<FeedError> {
  const err = await parseFeed(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedError);
  return err as FeedError;
}

describe('parseFeed: damaged and hostile input', () => {
  it('ignores a BOM and junk before the first tag', async () => {
    const feed = await parseFeed(`\ufeff\n  Warning: something in PHP\n${rss('<item><title>T</title></item>')}`);
    expect(feed.items[0]?.title).toBe('T');
  });

  it('repairs bare ampersands', async () => {
    const feed = await parseFeed(
      rss('<item><title>Tom & Jerry &amp; friends</title><link>https://e.org/?a=1&b=2</link></item>'),
    );
    expect(feed.items[0]?.title).toBe('Tom & Jerry & friends');
    expect(feed.items[0]?.link).toBe('https://e.org/?a=1&b=2');
  });

  it.each([
    ['', 'not-a-feed'],
    ['   \n', 'not-a-feed'],
    ['plain text', 'not-a-feed'],
    ['<!DOCTYPE html><html><head><title>Hi</title></head><body></body></html>', 'not-a-feed'],
    ['<html lang="en"><body>Hi</body></html>', 'not-a-feed'],
    ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', 'not-a-feed'],
    ['<rss version="2.0"><channel><title>broken</channel></rss>', 'parse'],
  ])('classifies %j as %s, permanently', async (text, kind) => {
    const err = await parseError(text);
    expect(err.kind).toBe(kind);
    expect(err.permanent).toBe(true);
    expect(err.message).not.toContain('\n');
  });

  it('never inlines an external entity (XXE)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><title>&x;</title><item><title>a &x; b</title></item></channel></rss>`;
    const outcome = await parseFeed(xxe).then(
      (feed) => JSON.stringify(feed),
      (err: unknown) => String(err),
    );
    expect(outcome).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
  });

  it('does not expand a billion-laughs entity bomb', async () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">${levels}]>
      <rss version="2.0"><channel><title>&l9;</title><item><title>&l9;</title></item></channel></rss>`;
    const outcome = await parseFeed(bomb).then(
      (feed) => JSON.stringify(feed),
      (err: unknown) => (err instanceof FeedError ? err.kind : String(err)),
    );
    // Either refused as broken XML or parsed with the reference left unexpanded: never 10^9 "lol"s.
    expect(outcome.length).toBeLessThan(10_000);
    expect(outcome).not.toContain('lollol');
  });

  it('refuses a title of 2,000 nested elements as a parse error instead of overflowing the stack', async () => {
    const title = `${'<b>'.repeat(2000)}deep${'</b>'.repeat(2000)}`;
    const err = await parseError(rss(`<item><guid>g</guid><title>${title}</title></item>`));
    expect(err.kind).toBe('parse');
    expect(err.message).toBe('feed nests elements more than 256 levels deep');
  });

  it('reads markup nested within the limit as text', async () => {
    const title = `${'<b>'.repeat(200)}deep${'</b>'.repeat(200)}`;
    const feed = await parseFeed(rss(`<item><guid>g</guid><title>${title}</title></item>`));
    expect(feed.items[0]?.title).toBe('deep');
  });

  it('turns any other failure inside the parser into a parse error of the feed', async () => {
    // HTML in a CDATA section is text to the XML parser, so no depth limit sees it; what reads it may still fail.
    const html = `${'<div>'.repeat(30_000)}deep${'</div>'.repeat(30_000)}`;
    const outcome = await parseFeed(
      rss(`<item><guid>g</guid><description><![CDATA[${html}]]></description></item>`),
    ).then(
      () => 'parsed',
      (err: unknown) => (err instanceof FeedError ? `FeedError ${err.kind}` : String(err)),
    );
    expect(['parsed', 'FeedError parse']).toContain(outcome);
  });

  it('reads an item that repeats its author more times than a call takes arguments', async () => {
    const authors = '<author>a@example.org (A)</author>'.repeat(200_000);
    const feed = await parseFeed(rss(`<item><guid>g</guid><title>T</title>${authors}</item>`));
    expect(feed.items[0]?.author).toBe('A');
  });

  it('removes control characters from titles, text, authors and categories', async () => {
    const esc = '\u001b';
    const feed = await parseFeed(
      rss(
        `<item><guid>g</guid><title>Red ${esc}[31malert</title><description>Body ${esc}]0;pwned\u0007 text</description>` +
          `<dc:creator>Jo ${esc}[2J</dc:creator><category>ne${esc}ws</category></item>`,
        `<title>Feed${esc}[5m</title>`,
      ),
    );
    expect(feed.feed.title).toBe('Feed[5m');
    expect(feed.items[0]).toMatchObject({
      title: 'Red [31malert',
      contentText: 'Body ]0;pwned text',
      author: 'Jo [2J',
      categories: ['news'],
    });
  });

  it('drops the code of a script or style in a title instead of keeping it as words', async () => {
    const feed = await parseFeed(
      rss(
        '<item><guid>g</guid><title>Breaking &lt;script&gt;alert(1)&lt;/script&gt; news&lt;style&gt;b{}&lt;/style&gt;</title></item>',
      ),
    );
    expect(feed.items[0]?.title).toBe('Breaking news');
  });

  it('cleans a JSON Feed the same way', async () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J\u001b[1m',
      items: [{ id: '1', title: 'A <script>x()</script>b\u001b', content_text: 'T\u001bx', tags: ['t\u009b'] }],
    });
    const feed = await parseFeed(json);
    expect(feed.feed.title).toBe('J[1m');
    expect(feed.items[0]).toMatchObject({ title: 'A b', contentText: 'Tx', categories: ['t'] });
  });

  it('refuses a JSON Feed nested deeper than the limit before building it', async () => {
    const tags = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const err = await parseError(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","tags":${tags}}]}`);
    expect(err.kind).toBe('parse');
    expect(err.message).toBe('feed nests JSON values more than 256 levels deep');
  });
});
