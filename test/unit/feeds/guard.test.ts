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
    '::ffff:0:7f00:1',
    '64:ff9b:1::808:808',
    '2001:db8::1',
    '3fff::1',
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

/** Every IPv6 spelling that carries `ipv4` to where it is delivered, as the guard has to recognise it. */
function v6Spellings(ipv4: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return [
    `::ffff:${ipv4}`, // mapped
    `::ffff:${hex(a, b)}:${hex(c, d)}`,
    `::${ipv4}`, // compatible
    `::ffff:0:${hex(a, b)}:${hex(c, d)}`, // translated (SIIT)
    `64:ff9b::${hex(a, b)}:${hex(c, d)}`, // NAT64, well-known prefix
    `64:ff9b:1::${hex(a, b)}:${hex(c, d)}`, // NAT64, local-use prefix as a /96
    `64:ff9b:1::${hex(0, a)}:${hex(b, c)}:${hex(d, 0)}:0`, // … as a /64 (byte 8 stays zero)
    `64:ff9b:1:${hex(0, a)}:${hex(0, b)}:${hex(c, d)}::`, // … as a /56
    `64:ff9b:1:${hex(a, b)}:${hex(0, c)}:${hex(d, 0)}::`, // … as a /48
    `2002:${hex(a, b)}:${hex(c, d)}::`, // 6to4
  ];
}

/** The URL spellings of an IPv4 literal that the WHATWG URL parser turns back into it. */
function urlSpellings(ipv4: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  return [
    `http://${ipv4}/latest/`,
    `http://${((a * 256 + b) * 256 + c) * 256 + d}/`,
    `http://0x${a.toString(16)}.${b}.${c}.${d}/`,
    `http://[::ffff:${ipv4}]/`,
    `http://[64:ff9b:1::${ipv4}]/`,
  ];
}

describe('cloud credential endpoints, refused even with allowPrivate', () => {
  const v4 = [
    '169.254.169.254',
    '169.254.170.2', // ECS task credentials
    '169.254.170.23', // EKS Pod Identity
    '169.254.0.23', // Tencent Cloud
    '169.254.42.42', // Scaleway
    '100.100.100.200', // Alibaba Cloud
    '192.0.0.192', // Oracle Cloud Classic
    '168.63.129.16', // Azure WireServer
  ];
  const v6 = ['fd00:ec2::254', 'fd00:ec2::23', 'fd20:ce::254', 'fd00:42::42'];

  it.each(v4.flatMap((ip) => [ip, ...v6Spellings(ip)]))('refuses %s', (ip) => {
    expect(isRefusedAddress(ip, LENIENT)).toBe(true);
    expect(isRefusedAddress(ip, STRICT)).toBe(true);
  });

  it.each(
    v6.flatMap((ip) => {
      const groups = ip.split('::');
      const full = [...(groups[0] ?? '').split(':'), '0', '0', '0', '0', '0', (groups[1] ?? '').toString()];
      return [ip, full.join(':'), full.map((g) => g.padStart(4, '0').toUpperCase()).join(':'), `${ip}%eth0`];
    }),
  )('refuses %s', (ip) => {
    expect(isRefusedAddress(ip, LENIENT)).toBe(true);
    expect(isRefusedAddress(ip, STRICT)).toBe(true);
  });

  it.each([...v4.flatMap(urlSpellings), ...v6.map((ip) => `http://[${ip}]/`)])('refuses the URL %s', (url) => {
    expect(refusal(() => checkUrl(url, LENIENT)).kind).toBe('refused');
  });

  it.each([...v4, ...v6])('fails the lookup that resolves to %s', async (ip) => {
    const err = await new Promise<NodeJS.ErrnoException | null>((done) => {
      createGuardedLookup(LENIENT)(ip, { all: true }, (e) => done(e));
    });
    expect(err).toBeInstanceOf(FeedError);
  });

  it('keeps allowing private addresses next to them', () => {
    for (const ip of ['169.254.170.3', '169.254.170.22', '192.0.0.193', 'fd00:ec2::24', '64:ff9b:1::7f00:1']) {
      expect(isRefusedAddress(ip, LENIENT)).toBe(false);
    }
    expect(isRefusedAddress('168.63.129.17', STRICT)).toBe(false);
  });
});

describe('Teredo (2001::/32)', () => {
  // 2001:0:4136:e378:8000:63bf:3fff:fdd2 is RFC 4380's example: server 65.54.227.120, client 192.0.2.45 obfuscated.
  it.each(['2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:0:a9fe:a9fe::', '2001:0:ffff:ffff:0:0:5601:5601'])(
    'refuses %s whatever allowPrivate says',
    (ip) => {
      expect(isRefusedAddress(ip, STRICT)).toBe(true);
      expect(isRefusedAddress(ip, LENIENT)).toBe(true);
      expect(refusal(() => checkUrl(`http://[${ip}]/feed`, LENIENT)).kind).toBe('refused');
    },
  );

  it('leaves the rest of 2001::/16 alone', () => {
    expect(isRefusedAddress('2001:4860:4860::8888', STRICT)).toBe(false);
    expect(isRefusedAddress('2001:1::1', STRICT)).toBe(false);
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
