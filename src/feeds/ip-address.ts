import { isIPv4, isIPv6 } from 'node:net';

/** Parses dotted-quad IPv4 into an unsigned 32-bit number, or null. */
export function parseIPv4(ip: string): number | null {
  if (!isIPv4(ip)) return null;
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Parses an IPv6 address (with `::`, an embedded dotted IPv4 tail, or a `%zone`) into eight 16-bit groups, or null. */
export function parseIPv6(input: string): number[] | null {
  const ip = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(ip)) return null;
  let text = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = parseIPv4(tail[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, tail.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(fill).fill('0'), ...restGroups].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** True when `addr` lies in `base/bits` (IPv4 as 32-bit numbers). */
export function inV4Range(addr: number, base: string, bits: number): boolean {
  const start = parseIPv4(base) ?? 0;
  const size = 2 ** (32 - bits);
  return addr >= start && addr < start + size;
}

/** True when the first `bits` bits of `groups` match `prefix` (IPv6 as 16-bit groups). */
export function inV6Range(groups: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** The IPv4 address carried in the last 32 bits of an IPv6 address. */
export function lowV4(groups: number[]): number {
  return (groups[6] ?? 0) * 65536 + (groups[7] ?? 0);
}

/**
 * The IPv4 address an RFC 6052 IPv4-embedded IPv6 address carries behind a NAT64 prefix of `prefixBits` (32, 40, 48,
 * 56, 64 or 96): the four bytes right after the prefix, skipping byte 8 (bits 64–71, reserved and zero), so that a
 * /48 prefix puts the address in bytes 6, 7, 9 and 10.
 */
export function rfc6052V4(groups: number[], prefixBits: 32 | 40 | 48 | 56 | 64 | 96): number {
  if (prefixBits === 96) return lowV4(groups);
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  const carried = [...bytes.slice(prefixBits / 8, 8), ...bytes.slice(9)].slice(0, 4);
  return carried.reduce((acc, b) => acc * 256 + b, 0);
}
