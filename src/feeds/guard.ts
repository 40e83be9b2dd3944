import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { FeedError } from './errors.js';
import { inV4Range, inV6Range, lowV4, parseIPv4, parseIPv6, rfc6052V4 } from './ip-address.js';

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

/**
 * Teredo (RFC 4380) tunnels IPv6 over UDP through IPv4 addresses it embeds: its server's in clear, the client's public
 * address XOR-obfuscated. No feed server lives behind a Teredo client, and judging both embedded addresses would put a
 * second decoder in the guard for nothing, so the whole prefix is refused, with or without `allowPrivate`.
 */
const TEREDO: readonly [number[], number] = [[0x2001, 0], 32];

/**
 * IPv6 blocks refused when private addresses are not allowed: unspecified, loopback, local-use NAT64, discard,
 * Teredo, documentation, ULA, link/site-local, multicast.
 */
const FORBIDDEN_V6: ReadonlyArray<readonly [number[], number]> = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128],
  [[0x64, 0xff9b, 1], 48],
  [[0x100], 64],
  TEREDO,
  [[0x2001, 0xdb8], 32],
  [[0x3fff], 20],
  [[0xfc00], 7],
  [[0xfe80], 10],
  [[0xfec0], 10],
  [[0xff00], 8],
];

/**
 * Cloud metadata and credential endpoints. Refused even with `allowPrivate`: self-hosted feeds never live there, and
 * reaching them leaks the host's cloud credentials.
 */
const METADATA_V4: ReadonlySet<number> = new Set(
  [
    '169.254.169.254', // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack… instance metadata
    '169.254.170.2', // AWS ECS task metadata and credentials
    '169.254.170.23', // AWS EKS Pod Identity agent
    '169.254.0.23', // Tencent Cloud
    '169.254.42.42', // Scaleway
    '100.100.100.200', // Alibaba Cloud, inside CGNAT
    '192.0.0.192', // Oracle Cloud Classic
    '168.63.129.16', // Azure WireServer: a public address, refused even when private ones are
  ].map((ip) => parseIPv4(ip) as number),
);

const METADATA_V6: ReadonlyArray<number[]> = [
  'fd00:ec2::254', // AWS instance metadata
  'fd00:ec2::23', // AWS EKS Pod Identity agent
  'fd20:ce::254', // GCP
  'fd00:42::42', // Scaleway
].map((ip) => parseIPv6(ip) as number[]);

function isForbiddenV4(addr: number): boolean {
  return FORBIDDEN_V4.some(([base, bits]) => inV4Range(addr, base, bits));
}

/**
 * The IPv4 addresses an IPv6 address may carry to where it is actually delivered: mapped, compatible and translated
 * (SIIT) forms, NAT64 and 6to4. A local-use NAT64 prefix inside 64:ff9b:1::/48 may be any of the RFC 6052 lengths
 * from /48 to /96, each putting the IPv4 address elsewhere, so every position is a candidate.
 */
function embeddedV4(groups: number[]): number[] {
  if (
    inV6Range(groups, [0, 0, 0, 0, 0, 0xffff], 96) ||
    inV6Range(groups, [], 96) ||
    inV6Range(groups, [0, 0, 0, 0, 0xffff, 0], 96) ||
    inV6Range(groups, [0x64, 0xff9b], 96)
  ) {
    return [lowV4(groups)];
  }
  if (inV6Range(groups, [0x64, 0xff9b, 1], 48)) return ([48, 56, 64, 96] as const).map((l) => rfc6052V4(groups, l));
  if (inV6Range(groups, [0x2002], 16)) return [(groups[1] ?? 0) * 65536 + (groups[2] ?? 0)];
  return [];
}

/**
 * True for any address a feed fetch must not reach when private addresses are not allowed: loopback, RFC 1918,
 * link-local, CGNAT, multicast, unspecified, broadcast, reserved and documentation ranges, IPv6 loopback/ULA/
 * link-local/multicast/Teredo, and IPv6 forms that embed one of those IPv4 addresses (`::ffff:127.0.0.1`,
 * `::ffff:7f00:1`). Anything that is not an IP address is refused too.
 */
export function isForbiddenAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return isForbiddenV4(v4);
  const groups = parseIPv6(ip);
  if (groups === null) return true;
  if (FORBIDDEN_V6.some(([prefix, bits]) => inV6Range(groups, prefix, bits))) return true;
  return embeddedV4(groups).some(isForbiddenV4);
}

/** True for cloud metadata endpoints, in any IPv4 or IPv6 spelling. */
export function isMetadataAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return METADATA_V4.has(v4);
  const groups = parseIPv6(ip);
  if (groups === null) return false;
  if (METADATA_V6.some((m) => m.every((g, i) => g === groups[i]))) return true;
  return embeddedV4(groups).some((inner) => METADATA_V4.has(inner));
}

/** True for what the guard refuses whatever `allowPrivate` says: cloud metadata endpoints and Teredo. */
function isAlwaysRefused(ip: string): boolean {
  if (isMetadataAddress(ip)) return true;
  const groups = parseIPv6(ip);
  return groups !== null && inV6Range(groups, ...TEREDO);
}

/** True when the guard refuses to connect to `ip` under `opts`. */
export function isRefusedAddress(ip: string, opts: GuardOptions): boolean {
  return isAlwaysRefused(ip) || (!opts.allowPrivate && isForbiddenAddress(ip));
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
    throw new FeedError({ code: 'invalid-url' }, `not a valid URL: ${String(url).slice(0, 200)}`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FeedError(
      { code: 'unsupported-scheme', scheme: parsed.protocol.replace(':', '') },
      `refused ${parsed.protocol} URL (only http and https feeds are fetched)`,
    );
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isRefusedAddress(host, opts)) {
    throw new FeedError({ code: 'private-address', host }, `refused to fetch from private or reserved address ${host}`);
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
        const problem = { code: 'private-address', host: hostname } as const;
        callback(new FeedError(problem, `refused to fetch from ${hostname}: it resolves to ${refused}`), '', 4);
        return;
      }
      callback(null, address, family);
    });
  };
}

/**
 * Checks the address of a URL that a proxy will connect to: the proxy resolves the name, not Herald, so the guarded
 * lookup never sees it. Resolves the host here (every address) and refuses it when any address is refused, as the
 * guarded lookup does. A literal address was judged by {@link checkUrl}. The proxy resolves the name again; a DNS
 * answer that changes in between is the one gap left (README "Fetching through profiles and proxies").
 * @throws FeedError kind 'refused', or the lookup's error when the name does not resolve
 */
export async function checkProxiedTarget(url: URL, opts: GuardOptions, signal: AbortSignal): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return;
  signal.throwIfAborted();
  const addresses = await new Promise<string[]>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    dnsLookup(host, { all: true }, (err, found) => {
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(found.map((a) => a.address));
    });
  });
  const refused = addresses.find((a) => isRefusedAddress(a, opts));
  if (refused !== undefined) {
    throw new FeedError({ code: 'private-address', host }, `refused to fetch from ${host}: it resolves to ${refused}`);
  }
}
