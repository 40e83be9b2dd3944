import { describe, expect, it } from 'vitest';
import { EMBED_LIMITS, faviconUrl, feedColour, renderPost } from '../../../src/discord/render.js';
import { describeArticle } from '../../../src/discord/replies.js';
import { truncate } from '../../../src/discord/text.js';
import type { Summary } from '../../../src/domain.js';

const summary = (over: Partial<Summary> = {}): Summary => ({
  headline: 'Headline',
  summary: 'Summary text.',
  keyPoints: [],
  topics: [],
  entities: [],
  language: 'en',
  kind: 'news',
  source: 'llm',
  model: 'm',
  ...over,
});

const article = { title: 'Title', link: 'https://example.com/a', imageUrl: null, publishedAt: 1714121223000 };
const feed = { title: 'Feed', url: 'https://example.com/feed' };

function embedLength(e: { title?: string; description?: string; footer?: { text: string } }): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
}

describe('renderPost', () => {
  it('links the headline, shows the image and time, and lets nothing ping', () => {
    const body = renderPost({
      article: { ...article, imageUrl: 'https://img.example.com/1.jpg' },
      feed,
      summary: summary({ keyPoints: ['One', 'Two'] }),
      mentionRoleIds: [],
    });
    const embed = body.embeds![0]!;
    expect(embed.url).toBe('https://example.com/a');
    expect(embed.image?.url).toBe('https://img.example.com/1.jpg');
    expect(embed.timestamp).toBe('2024-04-26T08:47:03.000Z');
    expect(embed.description).toBe('Summary text.\n\n• One\n• Two');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(body.content).toBeUndefined();
  });

  it('posts only an absolute http(s) picture, whatever address the feed gave', () => {
    const imageOf = (imageUrl: string) =>
      renderPost({ article: { ...article, imageUrl }, feed, summary: summary(), mentionRoleIds: [] }).embeds![0]!.image
        ?.url;
    expect(imageOf('HTTPS://img.example.com/a b/1.jpg'.replace(' ', '%20'))).toBe(
      'https://img.example.com/a%20b/1.jpg',
    );
    expect(imageOf('http://img.example.com/1.jpg?w=1200&q=85')).toBe('http://img.example.com/1.jpg?w=1200&q=85');
    for (const refused of [
      'data:image/png;base64,iVBORw0KGgo=',
      'javascript:alert(1)',
      'ftp://img.example.com/1.jpg',
      '/img/1.jpg',
      '//img.example.com/1.jpg',
      'https://img.example.com/a b.jpg',
      'https://img.example.com/\u0007.jpg',
      'https://',
      `https://img.example.com/${'a'.repeat(2048)}.jpg`,
    ]) {
      expect(imageOf(refused), refused).toBeUndefined();
    }
  });

  it('mentions only the subscription role, and escapes markdown and mentions in the headline', () => {
    const body = renderPost({
      article,
      feed,
      summary: summary({ headline: '@everyone <@&123> **bold**' }),
      mentionRoleIds: ['999'],
    });
    expect(body.content).toBe('<@&999>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['999'] });
    expect(body.embeds![0]!.title).toBe('@\u200beveryone <\u200b@&123> \\*\\*bold\\*\\*');
  });

  it('mentions every role the pipeline decided, once each, and only snowflakes, in both layouts', () => {
    const roleIds = ['111', '222', '111', '@everyone', '<@&333>'];
    for (const layout of ['full', 'compact'] as const) {
      const body = renderPost({ article, feed, summary: summary({}), mentionRoleIds: roleIds, layout });
      expect(body.content!.startsWith('<@&111> <@&222>')).toBe(true);
      expect(body.content).not.toContain('333');
      expect(body.allowed_mentions).toEqual({ parse: [], roles: ['111', '222'] });
    }
    const many = Array.from({ length: 100 }, (_, i) => String(1_500_000_000_000_000_000n + BigInt(i)));
    const body = renderPost({ article, feed, summary: summary({}), mentionRoleIds: many, layout: 'compact' });
    expect(body.content!.length).toBeLessThanOrEqual(2000);
    expect(body.allowed_mentions!.roles!.length).toBeGreaterThan(10);
    expect(body.allowed_mentions!.roles).toEqual(many.slice(0, body.allowed_mentions!.roles!.length));
  });

  it('stays within every embed limit for huge CJK and emoji text', () => {
    const body = renderPost({
      article,
      feed: { title: '德國之聲'.repeat(1000), url: feed.url },
      summary: summary({
        headline: '台灣😀'.repeat(500),
        summary: '半導體👨‍👩‍👧'.repeat(3000),
        keyPoints: ['要點'.repeat(900)],
      }),
      mentionRoleIds: [],
    });
    const embed = body.embeds![0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.footer!.text.length).toBeLessThanOrEqual(EMBED_LIMITS.footer);
    expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    // No lone surrogate anywhere (a split emoji would leave one).
    expect(JSON.stringify(body)).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
    expect(embed.title!.endsWith('…')).toBe(true);
  });

  it('marks extractive summaries in the footer', () => {
    const body = renderPost({
      article,
      feed,
      summary: summary({ source: 'extractive', model: null }),
      mentionRoleIds: [],
    });
    expect(body.embeds![0]!.footer!.text).toBe('Feed · extractive summary');
  });
});

describe('truncate', () => {
  it('never splits a grapheme cluster', () => {
    const family = '👨‍👩‍👧';
    // The family emoji is 8 UTF-16 code units: it fits in 11 with the ellipsis, not in 10.
    expect(truncate(`ab${family}${family}`, 11)).toBe(`ab${family}…`);
    expect(truncate(`ab${family}${family}`, 10)).toBe('ab…');
    expect(truncate('台灣海峽', 3)).toBe('台灣…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('feed colour and favicon', () => {
  it('keeps a colour per feed id and takes the favicon from the site link, else the feed URL', () => {
    expect(feedColour({ id: 1, url: 'x' })).toBe(feedColour({ id: 13, url: 'y' }));
    expect(feedColour({ id: 1, url: 'x' })).not.toBe(feedColour({ id: 2, url: 'x' }));
    expect(faviconUrl({ url: 'https://rss.dw.com/rdf/rss-chi-all', siteLink: 'https://www.dw.com/zh/' })).toBe(
      'https://www.dw.com/favicon.ico',
    );
    expect(faviconUrl({ url: 'https://rss.dw.com/rdf/rss-chi-all', siteLink: 'javascript:alert(1)' })).toBe(
      'https://rss.dw.com/favicon.ico',
    );
    expect(faviconUrl({ url: 'file:///tmp/feed.xml' })).toBeNull();
  });
});

describe('describeArticle', () => {
  it('dates the article in the server’s time zone and escapes its title', () => {
    const article = { title: '**Late** news', link: 'https://example.com/a', publishedAt: Date.UTC(2026, 0, 1, 20, 0) };
    expect(describeArticle(article)).toBe('[\\*\\*Late\\*\\* news](<https://example.com/a>) · 2026-01-01');
    expect(describeArticle(article, 'Asia/Taipei')).toBe(
      '[\\*\\*Late\\*\\* news](<https://example.com/a>) · 2026-01-02',
    );
  });
});
