import { createHmac, timingSafeEqual } from 'node:crypto';

/** The digests a hub may sign with (`X-Hub-Signature: <method>=<hex>`, W3C WebSub §8). */
const METHODS: ReadonlySet<string> = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** A notification's signature against the subscription's secret: `missing` (no header), `bad`, or `ok`. */
export type SignatureCheck = 'ok' | 'missing' | 'bad';

/**
 * Checks `X-Hub-Signature` (`sha256=<hex>`; sha1, sha384 and sha512 too) as the HMAC of the raw body under
 * `secret`, comparing in constant time. An unknown method, a malformed value or a wrong digest is `bad`.
 */
export function checkSignature(secret: string, header: string | undefined, body: Buffer): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const m = /^\s*([a-z0-9]+)=([0-9a-f]+)\s*$/i.exec(header);
  const method = m?.[1]?.toLowerCase();
  if (!m || !method || !METHODS.has(method)) return 'bad';
  const expected = createHmac(method, secret).update(body).digest();
  const given = Buffer.from(m[2] ?? '', 'hex');
  if (given.length !== expected.length) return 'bad';
  return timingSafeEqual(given, expected) ? 'ok' : 'bad';
}
