import { FeedError } from './errors.js';

/** The part of a fetch `Response` that {@link readCappedBody} needs. */
export interface BodySource {
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

function tooLarge(maxBytes: number): FeedError {
  return new FeedError({ code: 'too-large', maxBytes }, `feed body is larger than the ${maxBytes}-byte limit`);
}

/**
 * Reads a response body into one Buffer, stopping as soon as it passes `maxBytes`. The count is of decoded bytes
 * (after gzip/deflate/br), so a small compressed bomb is cut off at the cap, not after inflating it all; a
 * `Content-Length` already above the cap fails before any byte is read.
 * @throws FeedError kind 'too-large'
 */
export async function readCappedBody(res: BodySource, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge(maxBytes);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

const HEAD_END = '</head';

/**
 * Reads the start of an HTML page: up to and including its `</head` (case-insensitive), or its first `maxBytes`
 * (decoded) bytes, whichever comes first, then cancels the rest of the body. Never fails for size: a page's head is
 * all that is wanted, and a body without one is read no further than the cap.
 */
export async function readHead(res: BodySource, maxBytes: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  let tail = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, maxBytes - total));
    chunks.push(chunk);
    total += chunk.byteLength;
    // Searched as Latin-1 over the chunk and the few bytes before it, so a tag cut between two chunks is found.
    const seen = tail + chunk.toString('latin1').toLowerCase();
    if (total >= maxBytes || seen.includes(HEAD_END)) {
      await reader.cancel();
      break;
    }
    tail = seen.slice(-(HEAD_END.length - 1));
  }
  return Buffer.concat(chunks, total);
}

/** Bodies at most this long are drained rather than cancelled, so their keep-alive connection can be reused. */
const DRAIN_BYTES = 64 * 1024;

/**
 * Throws away a body we will not read. A short one (a 304, a redirect's note) is read to its end, which leaves the
 * connection reusable; cancelling it would close the connection. Anything longer, or of unknown length, is cancelled.
 */
export async function discardBody(res: BodySource): Promise<void> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (!res.body) return;
  if (Number.isFinite(declared) && declared <= DRAIN_BYTES) {
    const reader = res.body.getReader();
    try {
      for (let total = 0; total <= DRAIN_BYTES; ) {
        const { done, value } = await reader.read();
        if (done) return;
        total += value.byteLength;
      }
      await reader.cancel();
    } catch {
      // The connection failed while draining: it will not be reused either way.
    }
    return;
  }
  await res.body.cancel();
}

/**
 * Reads at most `maxBytes` of a body (decoded) and cancels the rest: enough to recognize an error page without
 * reading a large one. Never throws: a body that fails midway gives what was read.
 */
export async function readBodyPrefix(res: BodySource, maxBytes: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < maxBytes) {
      const { done, value } = await reader.read();
      if (done) return Buffer.concat(chunks, total);
      chunks.push(value);
      total += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // What was read is all there is.
  }
  return Buffer.concat(chunks, total).subarray(0, maxBytes);
}
