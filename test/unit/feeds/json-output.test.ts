import { describe, expect, it } from 'vitest';
import type { NormalizedFeed } from '../../../src/domain.js';
import { toContractJson } from '../../../src/feeds/json-output.js';

describe('toContractJson', () => {
  it('prints the documented parse-feed --json shape, keys in order, without contentHtml', () => {
    const feed: NormalizedFeed = {
      feed: { language: 'en', link: null, title: 'F' },
      items: [
        {
          contentHtml: '<p>x</p>',
          categories: ['a'],
          contentText: 'x',
          imageUrl: null,
          author: null,
          published: null,
          link: 'https://example.org/1',
          title: 'One',
          guid: '1',
          key: 'g:1',
        },
      ],
    };
    const json = JSON.stringify(toContractJson(feed));
    expect(json).toBe(
      '{"feed":{"title":"F","link":null,"language":"en"},"items":[{"key":"g:1","guid":"1","title":"One",' +
        '"link":"https://example.org/1","published":null,"author":null,"imageUrl":null,"contentText":"x","categories":["a"]}]}',
    );
  });
});
