import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse.js';
import { chooseWebSubLink, linkHeaderWebSubLinks } from '../../../src/feeds/websub-links.js';

describe('WebSub discovery', () => {
  it('finds the hub and self of an RSS feed in its atom:link elements', async () => {
    const feed = await parseFeed(
      `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
      <link>https://blog.example/</link>
      <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
      <atom:link rel="self" type="application/rss+xml" href="https://blog.example/feed/"/>
      <atom:link rel="hub" href="javascript:alert(1)"/>
      <item><guid>1</guid><title>One</title></item></channel></rss>`,
      'https://blog.example/feed/?x=1',
    );
    expect(feed.websub).toEqual({ hubs: ['https://pubsubhubbub.appspot.com/'], self: 'https://blog.example/feed/' });
    expect(feed.feed.link).toBe('https://blog.example/');
  });

  it('finds them in Atom links, relative ones resolved, and in JSON Feed hubs', async () => {
    const atom = await parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link rel="alternate" href="/"/>
      <link rel="hub" href="/hub"/><link rel="self" href="/atom.xml"/><entry><id>1</id><title>x</title></entry></feed>`,
      'https://site.example/atom.xml',
    );
    expect(atom.websub).toEqual({ hubs: ['https://site.example/hub'], self: 'https://site.example/atom.xml' });
    const json = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        feed_url: 'https://j.example/feed.json',
        hubs: [
          { type: 'rssCloud', url: 'https://cloud.example/' },
          { type: 'WebSub', url: 'https://hub.example/' },
        ],
        items: [],
      }),
    );
    expect(json.websub).toEqual({ hubs: ['https://hub.example/'], self: 'https://j.example/feed.json' });
  });

  it('reads Link headers and prefers them to the document', () => {
    const header = linkHeaderWebSubLinks(
      '<https://hub.example/>; rel="hub", </feed.xml>; rel=self; type="application/rss+xml", <https://x.example/>; rel="alternate"',
      'https://site.example/other',
    );
    expect(header).toEqual({ hubs: ['https://hub.example/'], self: 'https://site.example/feed.xml' });
    const doc = { hubs: ['https://doc-hub.example/'], self: null };
    expect(chooseWebSubLink(header, doc, 'https://site.example/other')).toEqual({
      hubUrl: 'https://hub.example/',
      topicUrl: 'https://site.example/feed.xml',
    });
    // No header hub: the document's, with the fetched URL as the topic when it names no self.
    expect(chooseWebSubLink(linkHeaderWebSubLinks(null, null), doc, 'https://site.example/f')).toEqual({
      hubUrl: 'https://doc-hub.example/',
      topicUrl: 'https://site.example/f',
    });
    expect(chooseWebSubLink({ hubs: [], self: null }, { hubs: [], self: 'https://s/' }, 'https://s/')).toBeNull();
  });

  it('keeps at most five hubs of a hostile header, and no URL over 2,048 characters', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `<https://h${i}.example/>; rel="hub"`).join(', ');
    expect(linkHeaderWebSubLinks(many, null).hubs).toHaveLength(5);
    const long = `https://hub.example/${'a'.repeat(3000)}`;
    expect(linkHeaderWebSubLinks(`<${long}>; rel="hub"`, null).hubs).toEqual([]);
  });
});
