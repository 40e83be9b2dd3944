import { parentPort, workerData } from 'node:worker_threads';
import { FeedError } from './errors.js';
import { parseFeed } from './parse.js';

/** Entry point of the parsing worker thread (see `parse-off-thread.ts`): parses one document and answers once. */
const { text, baseUrl } = workerData as { text: string; baseUrl: string | undefined };
parseFeed(text, baseUrl).then(
  (feed) => parentPort?.postMessage({ ok: true, feed }),
  (err: unknown) =>
    parentPort?.postMessage({
      ok: false,
      problem: err instanceof FeedError ? err.problem : { code: 'unreadable' },
      message: err instanceof Error ? err.message : String(err),
    }),
);
