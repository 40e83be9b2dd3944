import { describe, expect, it } from 'vitest';
import { declaredMinInterval, MAX_DECLARED_INTERVAL_SECONDS } from '../../../src/feeds/declared-interval.js';
import { effectiveInterval } from '../../../src/pipeline/poll/feed-interval.js';
import { backoffPollAt, nextPollAt } from '../../../src/pipeline/poll/schedule.js';

const rss = (head: string) =>
  `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>${head}<item><ttl>1</ttl></item></channel></rss>`;

describe('declaredMinInterval', () => {
  it('reads <ttl> in minutes', () => {
    expect(declaredMinInterval(rss('<ttl>60</ttl>'))).toBe(3600);
  });

  it('reads sy:updatePeriod divided by sy:updateFrequency', () => {
    expect(
      declaredMinInterval(rss('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>')),
    ).toBe(1800);
    expect(declaredMinInterval(rss('<sy:updatePeriod> daily </sy:updatePeriod>'))).toBe(86_400);
  });

  it('takes the larger of the two, at most a day', () => {
    expect(declaredMinInterval(rss('<ttl>15</ttl><sy:updatePeriod>hourly</sy:updatePeriod>'))).toBe(3600);
    expect(declaredMinInterval(rss('<ttl>100000</ttl>'))).toBe(MAX_DECLARED_INTERVAL_SECONDS);
    expect(declaredMinInterval(rss('<sy:updatePeriod>yearly</sy:updatePeriod>'))).toBe(MAX_DECLARED_INTERVAL_SECONDS);
  });

  it('ignores values inside items, nonsense and absence', () => {
    expect(declaredMinInterval(rss(''))).toBeNull();
    expect(declaredMinInterval(rss('<ttl>soon</ttl><sy:updatePeriod>fortnightly</sy:updatePeriod>'))).toBeNull();
    expect(declaredMinInterval(rss('<ttl>0</ttl>'))).toBeNull();
    expect(declaredMinInterval('{"version":"https://jsonfeed.org/version/1.1","items":[]}')).toBeNull();
  });
});

describe('effectiveInterval', () => {
  const config = { FEED_POLL_INTERVAL_SECONDS: 600, FEED_POLL_MIN_INTERVAL_SECONDS: 120 };

  it('uses the default, or the per-feed override, never below the floor', () => {
    expect(effectiveInterval(config, { override: null, declaredMin: null })).toBe(600);
    expect(effectiveInterval(config, { override: 1800, declaredMin: null })).toBe(1800);
    expect(effectiveInterval(config, { override: 30, declaredMin: null })).toBe(120);
  });

  it('respects what the feed declares as a lower bound', () => {
    expect(effectiveInterval(config, { override: null, declaredMin: 3600 })).toBe(3600);
    expect(effectiveInterval(config, { override: 300, declaredMin: 900 })).toBe(900);
    expect(effectiveInterval(config, { override: 7200, declaredMin: 900 })).toBe(7200);
  });
});

describe('nextPollAt', () => {
  it('is within one interval after now, on a slot fixed by the URL', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 7);
    const at = nextPollAt('https://a.example/feed', 600, now);
    expect(at).toBeGreaterThan(now);
    expect(at - now).toBeLessThanOrEqual(600_000);
    expect(nextPollAt('https://a.example/feed', 600, at)).toBe(at + 600_000);
  });

  it('spreads many feeds over the interval instead of bunching them', () => {
    const now = Date.UTC(2026, 0, 1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      const offset = nextPollAt(`https://feeds.example/${i}.xml`, 600, now) - now;
      buckets[Math.min(9, Math.floor(offset / 60_000))]++;
    }
    // 200 per minute on average; a hash that bunched them would leave some minutes nearly empty.
    expect(Math.min(...buckets)).toBeGreaterThan(140);
    expect(Math.max(...buckets)).toBeLessThan(260);
  });
});

describe('backoffPollAt', () => {
  it('doubles the interval per failure, at most a day', () => {
    const now = 1_000_000;
    expect([0, 1, 2, 3].map((n) => backoffPollAt(300, n, now) - now)).toEqual(
      [300, 600, 1200, 2400].map((s) => s * 1000),
    );
    expect(backoffPollAt(600, 10, now) - now).toBe(24 * 3600 * 1000);
  });
});
