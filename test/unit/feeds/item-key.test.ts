import { describe, expect, it } from 'vitest';
import {
  assignItemKeys,
  type ItemIdentity,
  itemKey,
  MAX_KEY_LENGTH,
  normalizeLink,
} from '../../../src/feeds/item-key.js';

const item = (over: Partial<ItemIdentity>): ItemIdentity => ({
  guid: null,
  link: null,
  title: 'Title',
  published: '2024-04-26T08:47:03.000Z',
  ...over,
});

describe('normalizeLink', () => {
  it('lowercases scheme and host, drops fragment, default port and tracking parameters, keeps the rest', () => {
    expect(
      normalizeLink(
        'HTTPS://News.Example.ORG:443/Path/Story?id=7&utm_source=rss&b=%2F&fbclid=x&gclid=y&UTM_Medium=z#top',
      ),
    ).toBe('https://news.example.org/Path/Story?id=7&b=%2F');
  });

  it('drops the query mark when only tracking parameters were there', () => {
    expect(normalizeLink('http://example.org:80/a?utm_campaign=x')).toBe('http://example.org/a');
  });

  it('gives null for something that is not an absolute URL', () => {
    expect(normalizeLink('/relative/path')).toBeNull();
  });
});

describe('itemKey', () => {
  it('prefers the guid, trimmed but otherwise as is', () => {
    expect(itemKey(item({ guid: '  Tag:Example.org,2024:ABC  ', link: 'https://example.org/a' }))).toBe(
      'g:Tag:Example.org,2024:ABC',
    );
  });

  it('uses the normalized link when there is no guid', () => {
    expect(itemKey(item({ link: 'https://Example.org/a?utm_source=x#frag' }))).toBe('l:https://example.org/a');
  });

  it('hashes title and date when there is neither', () => {
    const key = itemKey(item({}));
    expect(key).toMatch(/^h:[0-9a-f]{64}$/);
    expect(itemKey(item({ published: null }))).not.toBe(key);
    expect(itemKey(item({ title: 'Other' }))).not.toBe(key);
  });

  it('keeps keys within the length limit by hashing long identities', () => {
    const long = `urn:${'x'.repeat(400)}`;
    const key = itemKey(item({ guid: long }));
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(key).toMatch(/^g:sha256:[0-9a-f]{64}$/);
    expect(itemKey(item({ guid: `${long}y` }))).not.toBe(key);
  });
});

describe('assignItemKeys', () => {
  it('keeps guid keys when the guids are distinct', () => {
    expect(assignItemKeys([item({ guid: 'a' }), item({ guid: 'b' })])).toEqual(['g:a', 'g:b']);
  });

  it('falls back to links for items sharing a guid, leaving the others alone', () => {
    const keys = assignItemKeys([
      item({ guid: 'same', link: 'https://example.org/1' }),
      item({ guid: 'other', link: 'https://example.org/2' }),
      item({ guid: 'same', link: 'https://example.org/3' }),
    ]);
    expect(keys).toEqual(['l:https://example.org/1', 'g:other', 'l:https://example.org/3']);
  });

  it('falls back to the title hash when guid and link are shared too', () => {
    const keys = assignItemKeys([
      item({ guid: 'same', link: 'https://example.org/x', title: 'One' }),
      item({ guid: 'same', link: 'https://example.org/x', title: 'Two' }),
    ]);
    expect(keys[0]).toMatch(/^h:/);
    expect(keys[1]).toMatch(/^h:/);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('tells apart items that share everything but their content', () => {
    const keys = assignItemKeys([item({ contentHtml: '<p>a</p>' }), item({ contentHtml: '<p>b</p>' })]);
    expect(new Set(keys).size).toBe(2);
  });

  it('gives an identical duplicate the same key so it collapses', () => {
    const dup = item({ guid: 'same', link: 'https://example.org/x', contentHtml: '<p>a</p>' });
    const keys = assignItemKeys([dup, { ...dup }]);
    expect(keys[0]).toBe(keys[1]);
  });
});
