import { describe, expect, it } from 'vitest';
import { discoverFeeds, pickDiscoveredFeed } from '../../../src/feeds/discover.js';

describe('discoverFeeds', () => {
  it('finds RSS, Atom and JSON Feed alternates in document order, resolved against the document base', () => {
    const html = `<html><head>
      <link rel="stylesheet" href="/s.css">
      <LINK REL="Alternate" TYPE="application/rss+xml" TITLE="News &amp; Views" HREF="/rss?a=1&amp;b=2">
      <base href="https://cdn.example/base/">
      <link rel='alternate' type='application/atom+xml' href='atom.xml'>
      <link rel=alternate type="application/feed+json; charset=utf-8" href=feed.json>
      <link rel="alternate" type="text/html" hreflang="de" href="/de/">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="https://cdn.example/base/atom.xml">
    </head></html>`;
    expect(discoverFeeds(html, 'https://site.example/page/')).toEqual([
      { url: 'https://cdn.example/rss?a=1&b=2', type: 'rss', title: 'News & Views' },
      { url: 'https://cdn.example/base/atom.xml', type: 'atom', title: null },
      { url: 'https://cdn.example/base/feed.json', type: 'json', title: null },
    ]);
  });

  it('finds nothing on a page without alternates', () => {
    expect(discoverFeeds('<html><head><title>x</title></head></html>', 'https://a.example/')).toEqual([]);
  });
});

describe('pickDiscoveredFeed', () => {
  it('prefers the site feed over a comments feed listed before it', () => {
    const feeds = [
      { url: 'https://b.example/comments/feed/', type: 'rss' as const, title: 'Blog » Comments Feed' },
      { url: 'https://b.example/feed/', type: 'rss' as const, title: 'Blog » Feed' },
    ];
    expect(pickDiscoveredFeed(feeds)?.url).toBe('https://b.example/feed/');
    expect(pickDiscoveredFeed(feeds.slice(0, 1))?.url).toBe('https://b.example/comments/feed/');
    expect(pickDiscoveredFeed([])).toBeNull();
  });
});
