import { describe, expect, it } from 'vitest';
import { toNewArticles } from '../../../src/pipeline/poll/articles.js';
import { backoffPollAt, nextPollAt } from '../../../src/pipeline/poll/schedule.js';

describe('nextPollAt', () => {
  it('is within one interval, and the same feed keeps its slot', () => {
    const now = Date.UTC(2026, 0, 1);
    const a = nextPollAt('https://a.example/feed', 600, now);
    expect(a).toBeGreaterThan(now);
    expect(a).toBeLessThanOrEqual(now + 600_000);
    expect(nextPollAt('https://a.example/feed', 600, a)).toBe(a + 600_000);
  });

  it('spreads many feeds over the interval instead of bunching them', () => {
    const now = Date.UTC(2026, 0, 1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 1000; i++) {
      const at = nextPollAt(`https://feeds.example/${i}.xml`, 600, now);
      buckets[Math.floor((at - now - 1) / 60_000)]++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(60);
  });

  it('backs off exponentially and caps at a day', () => {
    expect(backoffPollAt(300, 0, 0)).toBe(300_000);
    expect(backoffPollAt(300, 3, 0)).toBe(2_400_000);
    expect(backoffPollAt(300, 30, 0)).toBe(86_400_000);
  });
});

describe('toNewArticles', () => {
  const item = (key: string, published: string | null) => ({
    key,
    guid: key,
    title: key,
    link: null,
    published,
    author: null,
    imageUrl: null,
    contentText: '',
    contentHtml: '<p>x</p>',
    categories: [],
  });

  it('orders items oldest first, undated ones by reversed feed order', () => {
    const rows = toNewArticles([
      item('c', '2024-01-03T00:00:00.000Z'),
      item('a', '2024-01-01T00:00:00.000Z'),
      item('b', '2024-01-02T00:00:00.000Z'),
    ]);
    expect(rows.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(rows[0]!.publishedAt).toBe(Date.UTC(2024, 0, 1));
    expect(rows[0]).not.toHaveProperty('contentHtml');
    expect(toNewArticles([item('new', null), item('old', null)]).map((r) => r.key)).toEqual(['old', 'new']);
  });
});
