import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo: node:crypto takes a raw 32-byte key only wrapped in it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The application's public key as Discord shows it (_General Information_ → _Public Key_: 64 hex digits).
 * @throws Error when `hex` is not 32 bytes of hex
 */
export function interactionPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('expected 64 hex digits (32 bytes)');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Whether `signatureHex` (`X-Signature-Ed25519`) is the application's Ed25519 signature of `timestamp`
 * (`X-Signature-Timestamp`) followed by the raw body, as Discord signs every request to an interactions endpoint.
 * A missing or malformed header is simply not a valid signature.
 */
export function isSignedByDiscord(
  key: KeyObject,
  timestamp: string | undefined,
  body: Uint8Array,
  signatureHex: string | undefined,
): boolean {
  if (!timestamp || !signatureHex || !/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
