import { describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { checkUrl, createGuardedLookup, isForbiddenAddress, isRefusedAddress } from '../../../src/feeds/guard.js';

const STRICT = { allowPrivate: false };
const LENIENT = { allowPrivate: true };

function refusal(fn: () => unknown): FeedError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FeedError);
    return err as FeedError;
  }
  throw new Error('expected a refusal');
}

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '198.18.0.1',
    '192.0.2.10',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    '2001:db8::1',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::',
  ])('allows public address %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('isRefusedAddress', () => {
  it('lets allowPrivate open loopback and private ranges', () => {
    expect(isRefusedAddress('127.0.0.1', LENIENT)).toBe(false);
    expect(isRefusedAddress('192.168.0.10', LENIENT)).toBe(false);
    expect(isRefusedAddress('127.0.0.1', STRICT)).toBe(true);
  });

  it('refuses cloud metadata endpoints even with allowPrivate', () => {
    expect(isRefusedAddress('169.254.169.254', LENIENT)).toBe(true);
    expect(isRefusedAddress('::ffff:169.254.169.254', LENIENT)).toBe(true);
    expect(isRefusedAddress('fd00:ec2::254', LENIENT)).toBe(true);
    expect(isRefusedAddress('100.100.100.200', LENIENT)).toBe(true);
  });
});

describe('checkUrl (the check every redirect hop goes through)', () => {
  it.each([
    'file:///etc/passwd',
    'ftp://example.org/feed.xml',
    'gopher://example.org/',
    'data:text/xml,<rss/>',
    'javascript:alert(1)',
  ])('refuses the scheme of %s', (url) => {
    const err = refusal(() => checkUrl(url, LENIENT));
    expect(err.kind).toBe('refused');
    expect(err.permanent).toBe(true);
  });

  it.each([
    'http://127.0.0.1/feed',
    'http://[::1]/feed',
    'http://[::ffff:127.0.0.1]/feed',
    'http://[::ffff:7f00:1]/feed',
    'http://2130706433/feed',
    'http://0x7f.0.0.1/feed',
    'http://10.0.0.1:8080/feed',
    'https://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
  ])('refuses the literal private address in %s', (url) => {
    expect(refusal(() => checkUrl(url, STRICT)).kind).toBe('refused');
  });

  it('refuses a redirect target relative to an allowed page when it lands on a private address', () => {
    const hop = new URL('//192.168.0.1/admin', 'https://example.org/feed.xml');
    expect(refusal(() => checkUrl(hop, STRICT)).kind).toBe('refused');
  });

  it('passes public URLs and host names (host names are checked when they resolve)', () => {
    expect(checkUrl('https://example.org/feed.xml', STRICT).href).toBe('https://example.org/feed.xml');
    expect(checkUrl('http://localhost:8080/feed', STRICT).hostname).toBe('localhost');
    expect(checkUrl('http://127.0.0.1:8080/feed', LENIENT).port).toBe('8080');
  });

  it('refuses something that is not a URL', () => {
    expect(refusal(() => checkUrl('not a url', LENIENT)).kind).toBe('refused');
  });
});

describe('createGuardedLookup', () => {
  const resolve = (host: string, opts: { allowPrivate: boolean }, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((done) => {
      createGuardedLookup(opts)(host, { all }, (err, address) => done({ err, address }));
    });

  it('fails the lookup when the name resolves to a refused address', async () => {
    for (const all of [false, true]) {
      const { err } = await resolve('localhost', STRICT, all);
      expect(err).toBeInstanceOf(FeedError);
      expect((err as FeedError).kind).toBe('refused');
    }
  });

  it('passes the resolved address through when allowed', async () => {
    const { err, address } = await resolve('localhost', LENIENT, false);
    expect(err).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(address);
  });
});
