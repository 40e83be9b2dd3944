import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { NormalizedFeed } from '../domain.js';
import { FeedError, type FeedErrorKind } from './errors.js';
import { parseFeed } from './parse.js';

/** Options for {@link parseFeedText}. */
export interface ParseOffThreadOptions {
  /** Documents longer than this many characters are parsed in a worker thread (default 1 MiB). */
  thresholdChars?: number;
  /** Budget for a worker-thread parse before it is stopped (default 60 s). */
  timeoutMs?: number;
  /** Called with the worker's thread id when the document goes to a worker thread. */
  onThread?: (threadId: number) => void;
}

/** Defaults of {@link ParseOffThreadOptions}. */
export const PARSE_OFF_THREAD_DEFAULTS = { thresholdChars: 1024 * 1024, timeoutMs: 60_000 } as const;

/** Heap a parsing thread may use; a document that needs more fails as a parse error instead of growing the process. */
const WORKER_HEAP_MB = 512;

const KINDS = ['network', 'timeout', 'http', 'too-large', 'refused', 'not-a-feed', 'parse'] as const;
const reply = z.union([
  z.object({ ok: z.literal(true), feed: z.custom<NormalizedFeed>((v) => typeof v === 'object' && v !== null) }),
  z.object({ ok: z.literal(false), kind: z.enum(KINDS), message: z.string() }),
]);

/**
 * Parses decoded feed text like `parseFeed`, but a large document is parsed in a worker thread: rss-parser (xml2js on
 * sax) is synchronous, and a 10 MB feed would otherwise hold the event loop long enough to stall the worker's other
 * jobs and its BullMQ lock renewals. Small documents stay on this thread, where a thread's start-up would cost more
 * than the parse.
 * @throws FeedError as `parseFeed` does; kind 'parse' when the thread runs out of time or memory
 */
export async function parseFeedText(
  text: string,
  baseUrl?: string,
  opts: ParseOffThreadOptions = {},
): Promise<NormalizedFeed> {
  const threshold = opts.thresholdChars ?? PARSE_OFF_THREAD_DEFAULTS.thresholdChars;
  if (text.length <= threshold) return parseFeed(text, baseUrl);
  return parseInWorker(text, baseUrl, opts.timeoutMs ?? PARSE_OFF_THREAD_DEFAULTS.timeoutMs, opts.onThread);
}

/**
 * The worker thread's code. Built (`dist/`), it is `parse-worker.js`. Run from source (tsx, vitest) it is the
 * TypeScript file, which a thread can only load after registering tsx's loader in that thread.
 */
function startWorker(workerData: { text: string; baseUrl: string | undefined }): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./parse-worker.js', import.meta.url), { workerData, resourceLimits });
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

function parseInWorker(
  text: string,
  baseUrl: string | undefined,
  timeoutMs: number,
  onThread: ((threadId: number) => void) | undefined,
): Promise<NormalizedFeed> {
  const worker = startWorker({ text, baseUrl });
  onThread?.(worker.threadId);
  return new Promise<NormalizedFeed>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new FeedError('parse', `parsing the feed took longer than ${timeoutMs} ms`))),
      timeoutMs,
    );
    worker.once('message', (message: unknown) => {
      const parsed = reply.safeParse(message);
      finish(() => {
        if (!parsed.success) reject(new FeedError('parse', 'the parsing thread gave an unreadable answer'));
        else if (parsed.data.ok) resolve(parsed.data.feed);
        else reject(new FeedError(parsed.data.kind as FeedErrorKind, parsed.data.message));
      });
    });
    worker.once('error', (err) =>
      finish(() => reject(new FeedError('parse', `the feed could not be parsed: ${err.message}`, { cause: err }))),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new FeedError('parse', `the parsing thread stopped (exit code ${code})`))),
    );
  });
}
