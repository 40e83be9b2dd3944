import { z } from 'zod';
import type { NormalizedFeed } from '../domain.js';
import { runInThread, threadEntry } from '../threads/run-in-thread.js';
import { FeedError, type FeedProblem, isFeedProblem } from './errors.js';
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

const reply = z.union([
  z.object({ ok: z.literal(true), feed: z.custom<NormalizedFeed>((v) => typeof v === 'object' && v !== null) }),
  z.object({ ok: z.literal(false), problem: z.custom<FeedProblem>(isFeedProblem), message: z.string() }),
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

async function parseInWorker(
  text: string,
  baseUrl: string | undefined,
  timeoutMs: number,
  onThread: ((threadId: number) => void) | undefined,
): Promise<NormalizedFeed> {
  const outcome = await runInThread({
    entry: threadEntry('./parse-worker', import.meta.url),
    workerData: { text, baseUrl },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    timeoutMs,
    ...(onThread ? { onThread } : {}),
  });
  switch (outcome.kind) {
    case 'timeout':
      throw new FeedError(
        { code: 'too-slow', seconds: timeoutMs / 1000 },
        `parsing the feed took longer than ${timeoutMs} ms`,
      );
    case 'error':
      throw new FeedError({ code: 'unreadable' }, `the feed could not be parsed: ${outcome.error.message}`, {
        cause: outcome.error,
      });
    case 'exit':
      throw new FeedError({ code: 'unreadable' }, `the parsing thread stopped (exit code ${outcome.code})`);
  }
  const parsed = reply.safeParse(outcome.message);
  if (!parsed.success) throw new FeedError({ code: 'unreadable' }, 'the parsing thread gave an unreadable answer');
  if (!parsed.data.ok) throw new FeedError(parsed.data.problem, parsed.data.message);
  return parsed.data.feed;
}
