import type { NormalizedFeed } from '../domain.js';
import { decodeFeedBody } from '../text/decode.js';
import { FeedError } from './errors.js';
import { FETCH_DEFAULTS, type FetchFeedOptions, fetchFeed } from './fetch.js';
import { parseFeed } from './parse.js';
import { readFileCapped } from './read-file.js';

/** Options for {@link loadFeed}: the fetch options, used only when the source is a URL. */
export type LoadFeedOptions = Omit<FetchFeedOptions, 'etag' | 'lastModified'>;

/** True when the source should be fetched rather than read from disk. */
export function isHttpUrl(source: string): boolean {
  return /^https?:\/\//i.test(source.trim());
}

/**
 * Loads and parses one feed from an http(s) URL (fetched under the guard, decoded by its charset, links resolved
 * against the final URL) or from a file path (its bytes decoded the same way). A file is held to the same size cap
 * as a fetched body (`maxBytes`, 10 MB by default) and read no further than it. For `herald parse-feed` and
 * `herald preview`.
 * @throws FeedError
 */
export async function loadFeed(source: string, opts: LoadFeedOptions): Promise<NormalizedFeed> {
  if (isHttpUrl(source)) {
    const res = await fetchFeed(source.trim(), opts);
    if (res.status !== 'ok') {
      const problem = {
        code: 'http-status',
        status: 304,
        statusText: 'Not Modified',
        host: new URL(source).host,
      } as const;
      throw new FeedError(problem, 'server answered 304 Not Modified to an unconditional request');
    }
    return parseFeed(decodeFeedBody(res.body, res.contentType), res.finalUrl);
  }
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  let bytes: Buffer | null;
  try {
    bytes = await readFileCapped(source, maxBytes);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new FeedError({ code: 'unreadable-file', errno: code }, `cannot read feed file ${source} (${code})`, {
      cause,
    });
  }
  if (bytes === null) {
    throw new FeedError(
      { code: 'too-large', maxBytes },
      `feed file ${source} is larger than the ${maxBytes}-byte limit`,
    );
  }
  return parseFeed(decodeFeedBody(bytes));
}
