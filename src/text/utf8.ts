import iconv from 'iconv-lite';

const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LENIENT = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Bytes 0x80–0xFF as windows-1252 reads them, WHATWG's way (the five bytes it leaves unassigned become the C1
 * controls of the same number, where iconv-lite gives U+FFFD; normalization strips them), each encoded as UTF-8.
 */
const WINDOWS_1252_HIGH: readonly Buffer[] = [
  ...iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), 'windows-1252'),
].map((c, i) => Buffer.from(c === '\ufffd' ? String.fromCharCode(0x80 + i) : c, 'utf8'));

const isContinuation = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf;
const within = (b: number | undefined, lo: number, hi: number): boolean => b !== undefined && b >= lo && b <= hi;

/** Length of the well-formed UTF-8 sequence (Unicode table 3-7) that starts at `i`, or 0 when none does. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] ?? 0;
  const b1 = bytes[i + 1];
  if (b0 >= 0xc2 && b0 <= 0xdf) return isContinuation(b1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const ok = within(b1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf) && isContinuation(bytes[i + 2]);
    return ok ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const ok =
      within(b1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf) &&
      isContinuation(bytes[i + 2]) &&
      isContinuation(bytes[i + 3]);
    return ok ? 4 : 0;
  }
  return 0;
}

/** The bytes as UTF-8 when they are well-formed UTF-8, else null. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return STRICT.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes bytes labelled UTF-8 as feed readers do when the label is wrong: well-formed UTF-8 sequences as UTF-8,
 * and each byte that is not part of one as windows-1252. A Latin-1 or windows-1252 document mislabelled UTF-8
 * (the most common way a feed's text breaks) comes out right instead of as U+FFFD, and so do stray Latin-1 bytes
 * pasted into a UTF-8 document, without turning its real UTF-8 into mojibake.
 */
export function decodeUtf8WithFallback(bytes: Uint8Array): string {
  const strict = strictUtf8(bytes);
  if (strict !== null) return strict;
  // Re-encode as UTF-8 (a windows-1252 character takes at most 3 bytes), then decode once.
  const out = new Uint8Array(bytes.length * 3);
  let o = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out[o++] = b;
      i += 1;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      const replacement = WINDOWS_1252_HIGH[b - 0x80] as Buffer;
      out.set(replacement, o);
      o += replacement.length;
      i += 1;
      continue;
    }
    for (const end = i + length; i < end; i++) out[o++] = bytes[i] as number;
  }
  return LENIENT.decode(out.subarray(0, o));
}
