import iconv from 'iconv-lite';
import { decodeUtf8WithFallback, strictUtf8 } from './utf8.js';

/** Where the charset used to decode a body came from. */
export type CharsetSource = 'bom' | 'header' | 'xml-declaration' | 'default';

/** The charset chosen for a body, as an iconv-lite encoding name. */
export interface SniffedCharset {
  charset: string;
  source: CharsetSource;
}

/**
 * Labels replaced by the superset browsers use for them (WHATWG Encoding), because feeds labelled ISO-8859-1 or
 * GB2312 routinely carry windows-1252 quotes or GBK-only characters.
 */
const SUPERSETS: Readonly<Record<string, string>> = {
  'iso-8859-1': 'windows-1252',
  iso88591: 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  big5: 'big5-hkscs',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  'euc-kr': 'cp949',
};

const BOMS: ReadonlyArray<readonly [number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** Normalizes a charset label to an encoding iconv-lite knows, or null when it knows none. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (/^utf-?8$/.test(clean)) return 'utf-8';
  const name = SUPERSETS[clean] ?? clean;
  return iconv.encodingExists(name) ? name : null;
}

function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = contentType ? /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType) : null;
  return normalizeCharset(match?.[2]);
}

function charsetFromBom(bytes: Uint8Array): string | null {
  const found = BOMS.find(([bom]) => bom.every((b, i) => bytes[i] === b));
  return found ? found[1] : null;
}

function charsetFromXmlDeclaration(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  const charset = normalizeCharset(match?.[1]);
  // A declaration readable as ASCII cannot be UTF-16/32 text: that label is wrong, so ignore it.
  return charset && !/^utf-?(16|32)/.test(charset) ? charset : null;
}

/**
 * Chooses the charset of a feed body: a byte-order mark first (it cannot be wrong, and both the XML spec and
 * WHATWG let it override a label), then the HTTP `Content-Type` charset, then the XML declaration's `encoding=`,
 * then UTF-8.
 */
export function sniffCharset(bytes: Uint8Array, contentType?: string | null): SniffedCharset {
  const bom = charsetFromBom(bytes);
  if (bom) return { charset: bom, source: 'bom' };
  const header = charsetFromContentType(contentType);
  if (header) return { charset: header, source: 'header' };
  const declared = charsetFromXmlDeclaration(bytes);
  if (declared) return { charset: declared, source: 'xml-declaration' };
  return { charset: 'utf-8', source: 'default' };
}

/**
 * Decodes a feed body to text with {@link sniffCharset}'s charset, without a leading BOM. When the charset does not
 * fit the bytes, Herald falls back as feed readers do rather than print U+FFFD: bytes labelled UTF-8 that are not
 * UTF-8 are read as windows-1252 (see `decodeUtf8WithFallback`), and bytes that another label fails to decode but
 * that are well-formed UTF-8 are read as UTF-8. A byte-order mark is never second-guessed.
 */
export function decodeFeedBody(bytes: Uint8Array, contentType?: string | null): string {
  const { charset, source } = sniffCharset(bytes, contentType);
  const skip = source === 'bom' ? (charset === 'utf-8' ? 3 : 2) : 0;
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + skip, bytes.byteLength - skip);
  const text = decodeAs(body, charset, source);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeAs(body: Buffer, charset: string, source: CharsetSource): string {
  if (charset === 'utf-8') return decodeUtf8WithFallback(body);
  const text = iconv.decode(body, charset, { stripBOM: false });
  if (source === 'bom' || !text.includes('\ufffd')) return text;
  return strictUtf8(body) ?? text;
}
