import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { FeedError } from './errors.js';
import { inV4Range, inV6Range, lowV4, parseIPv4, parseIPv6 } from './ip-address.js';

/** Whether feeds may live on private, loopback and link-local addresses (`FEED_ALLOW_PRIVATE`). */
export interface GuardOptions {
  allowPrivate: boolean;
}

/** IPv4 special-purpose blocks (IANA registry) that a public feed never lives on. */
const FORBIDDEN_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // unspecified / "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes 255.255.255.255
];

/** IPv6 blocks refused outright: unspecified, loopback, discard, documentation, ULA, link/site-local, multicast. */
const FORBIDDEN_V6: ReadonlyArray<readonly [number[], number]> = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128],
  [[0x64, 0xff9b, 1], 48],
  [[0x100], 64],
  [[0x2001, 0xdb8], 32],
  [[0xfc00], 7],
  [[0xfe80], 10],
  [[0xfec0], 10],
  [[0xff00], 8],
];

/**
 * Cloud instance-metadata endpoints. Refused even with `allowPrivate`: self-hosted feeds never live there, and
 * reaching them leaks the host's cloud credentials.
 */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254',
  '100.100.100.200',
  'fd00:ec2:0:0:0:0:0:254',
]);

function isForbiddenV4(addr: number): boolean {
  return FORBIDDEN_V4.some(([base, bits]) => inV4Range(addr, base, bits));
}

/** IPv6 forms that carry an IPv4 address which is what actually gets reached: mapped, compatible, NAT64, 6to4. */
function embeddedV4(groups: number[]): number | null {
  if (inV6Range(groups, [0, 0, 0, 0, 0, 0xffff], 96) || inV6Range(groups, [], 96)) return lowV4(groups);
  if (inV6Range(groups, [0x64, 0xff9b], 96)) return lowV4(groups);
  if (inV6Range(groups, [0x2002], 16)) return (groups[1] ?? 0) * 65536 + (groups[2] ?? 0);
  return null;
}

/**
 * True for any address a feed fetch must not reach when private addresses are not allowed: loopback, RFC 1918,
 * link-local, CGNAT, multicast, unspecified, broadcast, reserved and documentation ranges, IPv6 loopback/ULA/
 * link-local/multicast, and IPv6 forms that embed one of those IPv4 addresses (`::ffff:127.0.0.1`, `::ffff:7f00:1`).
 * Anything that is not an IP address is refused too.
 */
export function isForbiddenAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return isForbiddenV4(v4);
  const groups = parseIPv6(ip);
  if (groups === null) return true;
  if (FORBIDDEN_V6.some(([prefix, bits]) => inV6Range(groups, prefix, bits))) return true;
  const inner = embeddedV4(groups);
  return inner !== null && isForbiddenV4(inner);
}

/** True for cloud metadata endpoints, in any IPv4 or IPv6 spelling. */
export function isMetadataAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return METADATA_ADDRESSES.has(ip);
  const groups = parseIPv6(ip);
  if (groups === null) return false;
  const inner = embeddedV4(groups);
  if (inner !== null) return [...METADATA_ADDRESSES].some((m) => parseIPv4(m) === inner);
  return METADATA_ADDRESSES.has(groups.map((g) => g.toString(16)).join(':'));
}

/** True when the guard refuses to connect to `ip` under `opts`. */
export function isRefusedAddress(ip: string, opts: GuardOptions): boolean {
  return isMetadataAddress(ip) || (!opts.allowPrivate && isForbiddenAddress(ip));
}

/**
 * Checks one hop's URL before any connection: only http(s), and no literal address the guard refuses (literal
 * IPs never reach the DNS lookup hook, so they must be caught here). Returns the parsed URL.
 * @throws FeedError kind 'refused'
 */
export function checkUrl(url: string | URL, opts: GuardOptions): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new FeedError('refused', `not a valid URL: ${String(url).slice(0, 200)}`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FeedError('refused', `refused ${parsed.protocol} URL (only http and https feeds are fetched)`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isRefusedAddress(host, opts)) {
    throw new FeedError('refused', `refused to fetch from private or reserved address ${host}`);
  }
  return parsed;
}

/**
 * A `net` lookup function that resolves like `dns.lookup` and then refuses the connection when any resolved
 * address is refused. Because the socket connects to exactly the address checked here, DNS rebinding cannot
 * slip a private address past the guard.
 */
export function createGuardedLookup(opts: GuardOptions): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, options, (err, address, family) => {
      if (err) {
        callback(err, address, family);
        return;
      }
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const refused = addresses.find((a) => isRefusedAddress(a, opts));
      if (refused !== undefined) {
        callback(new FeedError('refused', `refused to fetch from ${hostname}: it resolves to ${refused}`), '', 4);
        return;
      }
      callback(null, address, family);
    });
  };
}
