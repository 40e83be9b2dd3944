import type { Deps } from '../deps.js';
import type { NormalizedFeed } from '../domain.js';
import { decodeFeedBody } from '../feeds/decode.js';
import { fetchFeed } from '../feeds/fetch.js';
import { parseFeed } from '../feeds/parse.js';

export type FetchOutcome =
  | { status: 'not-modified' }
  /** A 200 whose body hashes like the last one parsed: nothing to parse. */
  | { status: 'unchanged'; etag: string | null; lastModified: string | null; bodyHash: string }
  | { status: 'ok'; parsed: NormalizedFeed; etag: string | null; lastModified: string | null; bodyHash: string };

/** Fetches a feed under the network guard with conditional headers and parses it unless the body is unchanged. */
export async function fetchAndParse(
  deps: Pick<Deps, 'config'>,
  url: string,
  previous: { etag: string | null; lastModified: string | null; bodyHash: string | null } | null,
): Promise<FetchOutcome> {
  const res = await fetchFeed(url, {
    allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
    etag: previous?.etag ?? undefined,
    lastModified: previous?.lastModified ?? undefined,
  });
  if (res.status === 'not-modified') return { status: 'not-modified' };
  const meta = { etag: res.etag, lastModified: res.lastModified, bodyHash: res.bodyHash };
  if (previous?.bodyHash === res.bodyHash) return { status: 'unchanged', ...meta };
  const parsed = await parseFeed(decodeFeedBody(res.body, res.contentType), res.finalUrl);
  return { status: 'ok', parsed, ...meta };
}
