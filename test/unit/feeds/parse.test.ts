import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse.js';

const rss = (items: string, channel = '<title>Feed</title><link>https://example.org/</link>') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel>${channel}${items}</channel></rss>`;

describe('parseFeed: RSS', () => {
  it('normalizes an RSS 2.0 item', async () => {
    const feed = await parseFeed(
      rss(`<item>
        <title>  AT&amp;amp;T &lt;b&gt;raises&lt;/b&gt;
          prices </title>
        <link>/news/1?utm_source=rss</link>
        <guid isPermaLink="false"> abc-1 </guid>
        <pubDate>Fri, 26 Apr 2024 03:47:03 EST</pubDate>
        <dc:creator>Jo Bloggs</dc:creator>
        <category>Business</category><category>Business</category><category domain="x">Tech</category>
        <description>&lt;p&gt;Teaser&lt;/p&gt;</description>
        <content:encoded><![CDATA[<p>Full <b>story</b></p><img src="/img/1.jpg">]]></content:encoded>
      </item>`),
    );
    expect(feed.feed).toEqual({ title: 'Feed', link: 'https://example.org/', language: null });
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toEqual({
      key: 'g:abc-1',
      guid: 'abc-1',
      title: 'AT&T raises prices',
      link: 'https://example.org/news/1?utm_source=rss',
      published: '2024-04-26T08:47:03.000Z',
      author: 'Jo Bloggs',
      imageUrl: 'https://example.org/img/1.jpg',
      contentText: 'Full story',
      contentHtml: '<p>Full <b>story</b></p><img src="/img/1.jpg">',
      categories: ['Business', 'Tech'],
    });
  });

  it('picks the image from enclosure, then media:content, then media:thumbnail, then the content', async () => {
    const body = '<description><![CDATA[<img src="https://example.org/inline.jpg">]]></description>';
    const feed = await parseFeed(
      rss(`<item><guid>1</guid><enclosure url="https://example.org/a.mp3" type="audio/mpeg"/>
             <enclosure url="https://example.org/enc.jpg" type="image/jpeg" length="1"/>
             <media:content url="https://example.org/mc.jpg" medium="image"/>${body}</item>
           <item><guid>2</guid><media:content url="https://example.org/v.mp4" type="video/mp4"/>
             <media:content url="https://example.org/mc.png" type="image/png"/>
             <media:thumbnail url="https://example.org/th.jpg"/>${body}</item>
           <item><guid>3</guid><media:group><media:thumbnail url="https://example.org/gth.jpg"/></media:group>${body}</item>
           <item><guid>4</guid>${body}</item>
           <item><guid>5</guid><description>no image</description></item>`),
    );
    expect(feed.items.map((i) => i.imageUrl)).toEqual([
      'https://example.org/enc.jpg',
      'https://example.org/mc.png',
      'https://example.org/gth.jpg',
      'https://example.org/inline.jpg',
      null,
    ]);
  });

  it('resolves relative links against xml:base, then the feed link, then the fetch URL', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/dir/">
      <title>A</title><link href="/home"/>
      <entry><id>1</id><link href="one.html"/></entry>
      <entry xml:base="/other/"><id>2</id><link href="two.html"/></entry></feed>`;
    const feed = await parseFeed(atom, 'https://fetched.example/feed.xml');
    expect(feed.feed.link).toBe('https://base.example/home');
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://base.example/dir/one.html',
      'https://base.example/other/two.html',
    ]);

    const viaFeedLink = await parseFeed(
      rss('<item><link>story.html</link></item>', '<link>https://site.example/news/</link>'),
    );
    expect(viaFeedLink.items[0]?.link).toBe('https://site.example/news/story.html');

    const viaBase = await parseFeed(
      rss('<item><link>story.html</link></item>', '<title>x</title>'),
      'https://f.example/rss/',
    );
    expect(viaBase.items[0]?.link).toBe('https://f.example/rss/story.html');
  });

  it('drops links that are not http(s) or cannot be made absolute', async () => {
    const feed = await parseFeed(
      rss(
        '<item><title>1</title><link>javascript:alert(1)</link></item><item><title>2</title><link>rel.html</link></item>',
        '',
      ),
    );
    expect(feed.items.map((i) => i.link)).toEqual([null, null]);
  });

  it('uses a permalink guid as the link when there is no <link>', async () => {
    const feed = await parseFeed(
      rss(
        '<item><guid>https://example.org/p/1</guid></item><item><guid isPermaLink="false">https://example.org/p/2</guid></item>',
      ),
    );
    expect(feed.items.map((i) => i.link)).toEqual(['https://example.org/p/1', null]);
  });

  it('reads dc:date, and null for an invalid or missing date', async () => {
    const feed = await parseFeed(
      rss(`<item><guid>1</guid><dc:date>2024-04-26T16:47:03+08:00</dc:date></item>
           <item><guid>2</guid><pubDate>not a date</pubDate></item><item><guid>3</guid></item>`),
    );
    expect(feed.items.map((i) => i.published)).toEqual(['2024-04-26T08:47:03.000Z', null, null]);
  });

  it('reads the feed language and an RSS author written as an email with a name', async () => {
    const feed = await parseFeed(
      rss(
        '<item><guid>1</guid><author>jo@example.org (Jo Bloggs)</author></item>',
        '<title>F</title><language>zh-TW</language>',
      ),
    );
    expect(feed.feed.language).toBe('zh-TW');
    expect(feed.items[0]?.author).toBe('Jo Bloggs');
  });

  it('reads RSS 1.0 (RDF) and RSS 0.91', async () => {
    const rdf =
      await parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="https://example.org/"><title>R</title><link>https://example.org/</link></channel>
      <item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link></item></rdf:RDF>`);
    expect(rdf.items.map((i) => [i.title, i.link])).toEqual([['One', 'https://example.org/1']]);
    const old = await parseFeed(
      '<rss version="0.91"><channel><title>O</title><item><title>Old</title></item></channel></rss>',
    );
    expect(old.items[0]?.title).toBe('Old');
  });

  it('collapses an item repeated verbatim and keeps distinct items that reuse a guid', async () => {
    const a = '<item><guid>dup</guid><title>A</title><link>https://example.org/a</link></item>';
    const b = '<item><guid>dup</guid><title>B</title><link>https://example.org/b</link></item>';
    const feed = await parseFeed(rss(a + b + a));
    expect(feed.items.map((i) => [i.title, i.key])).toEqual([
      ['A', 'l:https://example.org/a'],
      ['B', 'l:https://example.org/b'],
    ]);
  });
});

describe('parseFeed: Atom', () => {
  it('normalizes an Atom entry and survives a bad date in one entry', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
      <title type="html">News &amp;amp; Views</title><link rel="self" href="https://example.org/atom.xml"/>
      <link rel="alternate" href="https://example.org/"/>
      <entry><id>tag:example.org,2024:1</id><title>One</title><link rel="alternate" href="https://example.org/1"/>
        <link rel="enclosure" type="image/png" href="https://example.org/1.png"/>
        <published>2024-04-26T08:47:03Z</published><updated>2024-04-27T00:00:00Z</updated>
        <author><name>Ann</name><email>ann@example.org</email></author><category term="t1" label="Topic One"/>
        <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
      <entry><id>2</id><title>Two</title><published>garbage</published><updated>2024-04-25T00:00:00Z</updated></entry>
    </feed>`);
    expect(feed.feed).toEqual({ title: 'News & Views', link: 'https://example.org/', language: 'de' });
    expect(feed.items[0]).toMatchObject({
      key: 'g:tag:example.org,2024:1',
      title: 'One',
      link: 'https://example.org/1',
      published: '2024-04-26T08:47:03.000Z',
      author: 'Ann',
      imageUrl: 'https://example.org/1.png',
      categories: ['Topic One'],
      contentText: 'Body',
    });
    expect(feed.items[1]?.published).toBe('2024-04-25T00:00:00.000Z');
  });

  it('reads an Atom link written as element text instead of href', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <link>https://example.org/</link><entry><id>1</id><link>https://example.org/1</link></entry></feed>`);
    expect(feed.feed.link).toBe('https://example.org/');
    expect(feed.items[0]?.link).toBe('https://example.org/1');
  });
});
