import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognizeSiteAddress, rsshubFeedUrl, youtubeChannelIdFromPage } from '../../../src/feeds/site-feeds.js';

const page = (name: string) => readFileSync(new URL(`../../fixtures/sites/${name}`, import.meta.url), 'utf8');

describe('recognizeSiteAddress', () => {
  it('takes rsshub:// routes', () => {
    expect(recognizeSiteAddress('rsshub://github/issue/DIYgod/RSSHub')).toEqual({
      kind: 'rsshub',
      route: 'github/issue/DIYgod/RSSHub',
    });
    expect(recognizeSiteAddress(' RSSHub:///telegram/channel/awesomeRSSHub ')).toEqual({
      kind: 'rsshub',
      route: 'telegram/channel/awesomeRSSHub',
    });
    expect(recognizeSiteAddress('rsshub://')).toEqual({ kind: 'rsshub', route: '' });
  });

  it('turns a YouTube channel or playlist address into its feed, and a handle into a page to read', () => {
    const feed = 'https://www.youtube.com/feeds/videos.xml?channel_id=UCEuMf6yCwPLt4l0zNrrIBmw';
    expect(recognizeSiteAddress('https://www.youtube.com/channel/UCEuMf6yCwPLt4l0zNrrIBmw')).toEqual({
      kind: 'feed',
      url: feed,
    });
    expect(recognizeSiteAddress('https://m.youtube.com/channel/UCEuMf6yCwPLt4l0zNrrIBmw/videos?view=0')).toEqual({
      kind: 'feed',
      url: feed,
    });
    expect(recognizeSiteAddress('https://youtube.com/playlist?list=PLw-VjHDlEOgs658kAHR_LAaILBXb-s6Q5')).toEqual({
      kind: 'feed',
      url: 'https://www.youtube.com/feeds/videos.xml?playlist_id=PLw-VjHDlEOgs658kAHR_LAaILBXb-s6Q5',
    });
    for (const [given, url] of [
      ['https://www.youtube.com/@dwchinese/videos', 'https://www.youtube.com/@dwchinese'],
      ['https://youtube.com/c/DWChinese', 'https://www.youtube.com/c/DWChinese'],
      ['http://www.youtube.com/user/dwchinese?sub_confirmation=1', 'https://www.youtube.com/user/dwchinese'],
      ['https://www.youtube.com/@公視新聞網', 'https://www.youtube.com/@%E5%85%AC%E8%A6%96%E6%96%B0%E8%81%9E%E7%B6%B2'],
    ]) {
      expect(recognizeSiteAddress(given as string)).toEqual({ kind: 'youtube-page', url });
    }
  });

  it('turns a subreddit or a Reddit user into its .rss, keeping a listing and its period', () => {
    expect(recognizeSiteAddress('https://www.reddit.com/r/taiwan/')).toEqual({
      kind: 'feed',
      url: 'https://www.reddit.com/r/taiwan/.rss',
    });
    expect(recognizeSiteAddress('https://old.reddit.com/r/China+HongKong')).toEqual({
      kind: 'feed',
      url: 'https://www.reddit.com/r/China+HongKong/.rss',
    });
    expect(recognizeSiteAddress('https://reddit.com/r/worldnews/top/?t=week&sort=x')).toEqual({
      kind: 'feed',
      url: 'https://www.reddit.com/r/worldnews/top/.rss?t=week',
    });
    expect(recognizeSiteAddress('https://www.reddit.com/user/spez')).toEqual({
      kind: 'feed',
      url: 'https://www.reddit.com/user/spez/.rss',
    });
  });

  it('leaves feeds, posts, other pages and other sites alone', () => {
    for (const url of [
      'https://www.youtube.com/feeds/videos.xml?channel_id=UCEuMf6yCwPLt4l0zNrrIBmw',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://www.youtube.com/channel/not-an-id',
      'https://www.reddit.com/r/taiwan/.rss',
      'https://www.reddit.com/r/taiwan/comments/1abcde/some_post/',
      'https://www.reddit.com/',
      'https://example.org/r/taiwan',
      'https://notyoutube.com/@handle',
      'ftp://www.youtube.com/@x',
      'not a url',
    ]) {
      expect(recognizeSiteAddress(url)).toBeNull();
    }
  });
});

describe('rsshubFeedUrl', () => {
  it('joins the instance and the route', () => {
    expect(rsshubFeedUrl('https://rsshub.example/', 'github/issue/DIYgod/RSSHub')).toBe(
      'https://rsshub.example/github/issue/DIYgod/RSSHub',
    );
    expect(rsshubFeedUrl('http://10.0.0.2:1200/base', 'bilibili/user/video/2267573?limit=5')).toBe(
      'http://10.0.0.2:1200/base/bilibili/user/video/2267573?limit=5',
    );
  });
});

describe('youtubeChannelIdFromPage (saved pages)', () => {
  it("reads a handle page's own channel from its canonical address", () => {
    expect(youtubeChannelIdFromPage(page('youtube-handle.html'))).toBe('UCEuMf6yCwPLt4l0zNrrIBmw');
  });

  it("reads the page data's externalId, not a recommended channel that comes first", () => {
    expect(youtubeChannelIdFromPage(page('youtube-data-only.html'))).toBe('UCexpzYDEnfmAvPSfG4xbcjA');
  });

  it('finds nothing on a consent page, even when it links to a channel', () => {
    expect(youtubeChannelIdFromPage(page('youtube-consent.html'))).toBeNull();
  });

  it('prefers the head metadata in any attribute order and quoting', () => {
    const html = `<head><meta content='UCaaaaaaaaaaaaaaaaaaaaaa' itemprop=identifier><link href="https://www.youtube.com/feeds/videos.xml?foo=1&amp;channel_id=UCbbbbbbbbbbbbbbbbbbbbbb" type="application/rss+xml" rel="alternate"></head>`;
    expect(youtubeChannelIdFromPage(html)).toBe('UCaaaaaaaaaaaaaaaaaaaaaa');
    expect(youtubeChannelIdFromPage(html.replace(/<meta[^>]*>/, ''))).toBe('UCbbbbbbbbbbbbbbbbbbbbbb');
  });
});
