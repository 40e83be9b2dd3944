import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { planNextPoll } from '../../../src/pipeline/poll/plan-next-poll.js';
import { checkSignature } from '../../../src/pipeline/websub/signature.js';
import { leaseTimes } from '../../../src/pipeline/websub/websub-timing.js';

const body = Buffer.from('<feed>新聞</feed>');
const sign = (method: string, secret = 's3cret') =>
  `${method}=${createHmac(method, secret).update(body).digest('hex')}`;

describe('WebSub notification signatures', () => {
  it('accepts an HMAC of the body under the secret with sha1, sha256, sha384 or sha512', () => {
    for (const method of ['sha1', 'sha256', 'sha384', 'sha512']) {
      expect(checkSignature('s3cret', sign(method), body)).toBe('ok');
      expect(checkSignature('s3cret', sign(method).toUpperCase().replace(/^SHA/, 'sha'), body)).toBe('ok');
    }
  });

  it('tells a missing signature from a bad one', () => {
    expect(checkSignature('s3cret', undefined, body)).toBe('missing');
    expect(checkSignature('s3cret', '  ', body)).toBe('missing');
    expect(checkSignature('s3cret', sign('sha256', 'other'), body)).toBe('bad');
    expect(checkSignature('s3cret', sign('sha256'), Buffer.from('<feed>tampered</feed>'))).toBe('bad');
    expect(checkSignature('s3cret', sign('md5'), body)).toBe('bad');
    expect(checkSignature('s3cret', 'sha256=abc', body)).toBe('bad');
    expect(checkSignature('s3cret', 'sha256', body)).toBe('bad');
    expect(checkSignature('s3cret', `sha256=${'zz'.repeat(32)}`, body)).toBe('bad');
  });
});

describe('WebSub timing', () => {
  it('renews a tenth of the lease before its end, within 5 minutes and a day, and never past half of it', () => {
    const now = 1_000_000;
    expect(leaseTimes(now, 30 * 86400)).toEqual({
      expiresAt: now + 30 * 86400_000,
      renewAt: now + 29 * 86400_000,
    });
    expect(leaseTimes(now, 7 * 86400)).toEqual({
      expiresAt: now + 7 * 86400_000,
      renewAt: now + 7 * 86400_000 - 60480_000,
    });
    expect(leaseTimes(now, 86400)).toEqual({ expiresAt: now + 86400_000, renewAt: now + 86400_000 - 8640_000 });
    expect(leaseTimes(now, 1800)).toEqual({ expiresAt: now + 1800_000, renewAt: now + 1800_000 - 300_000 });
    expect(leaseTimes(now, 60)).toEqual({ expiresAt: now + 60_000, renewAt: now + 30_000 });
    expect(leaseTimes(now, 10 ** 10).expiresAt).toBe(now + 365 * 86400_000);
  });

  it('polls a pushed feed at the safety interval, and others at their own', () => {
    const now = Date.UTC(2026, 11, 6);
    const feed = {
      url: 'https://example.com/feed.xml',
      overrideSeconds: null,
      declaredMinSeconds: null,
      cadence: { gapSeconds: 600, lastItemAt: now - 3_600_000, previousItemAt: null },
      foundNew: false,
    };
    const share = { scale: 10, hostStretch: new Map<string, number>() };
    for (const adaptive of ['true', 'false']) {
      const config = loadConfig({ WEBSUB_SAFETY_INTERVAL_SECONDS: '5400', FEED_POLL_ADAPTIVE: adaptive });
      expect(planNextPoll(config, { ...feed, pushed: true }, share, now).interval).toBe(5400);
      expect(planNextPoll(config, { ...feed, pushed: false }, share, now).interval).toBeLessThan(5400);
    }
    // What the feed declares is still a lower bound.
    const slow = loadConfig({ WEBSUB_SAFETY_INTERVAL_SECONDS: '5400' });
    expect(planNextPoll(slow, { ...feed, declaredMinSeconds: 86400, pushed: true }, share, now).interval).toBe(86400);
  });
});
