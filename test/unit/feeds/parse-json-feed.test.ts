import { describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { parseFeed } from '../../../src/feeds/parse.js';

async function parseError(text: string): Promise<FeedError> {
  const err = await parseFeed(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedError);
  return err as FeedError;
}

describe('parseFeed: JSON Feed', () => {
  it('parses JSON Feed 1.1 with zod', async () => {
    const feed = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        home_page_url: 'https://example.org/',
        language: 'en',
        items: [
          {
            id: 1,
            url: '/1',
            title: 'One &amp; only',
            content_text: 'Para one.\n\nPara two.',
            date_published: '2024-04-26T08:47:03Z',
            authors: [{ name: 'Ann' }],
            tags: ['a', 'a', 'b'],
            image: 'https://example.org/1.jpg',
          },
        ],
      }),
    );
    expect(feed.feed).toEqual({ title: 'J', link: 'https://example.org/', language: 'en' });
    expect(feed.items[0]).toEqual({
      key: 'g:1',
      guid: '1',
      title: 'One & only',
      link: 'https://example.org/1',
      published: '2024-04-26T08:47:03.000Z',
      author: 'Ann',
      imageUrl: 'https://example.org/1.jpg',
      contentText: 'Para one.\n\nPara two.',
      contentHtml: '<p>Para one.</p><p>Para two.</p>',
      categories: ['a', 'b'],
    });
  });

  it('refuses JSON that is not a JSON Feed, and reports broken JSON as a parse error', async () => {
    expect((await parseError('{"version": "1.0", "items": []}')).kind).toBe('not-a-feed');
    expect((await parseError('{"version": "https://jsonfeed.org/version/1", "items": [')).kind).toBe('parse');
    expect((await parseError('{"version": "https://jsonfeed.org/version/1"}')).kind).toBe('parse');
  });
});
