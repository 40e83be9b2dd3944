import type { Deps } from '../../deps.js';
import type { NormalizedFeed } from '../../domain.js';
import { declaredMinInterval } from '../../feeds/declared-interval.js';
import { type FetchFeedResult, fetchFeed } from '../../feeds/fetch.js';
import { parseFeedText } from '../../feeds/parse-off-thread.js';
import { chooseWebSubLink, linkHeaderWebSubLinks } from '../../feeds/websub-links.js';
import type { WebSubLink } from '../../store/store.js';
import { decodeFeedBody } from '../../text/decode.js';

export type FetchOutcome =
  | { status: 'not-modified' }
  /** A 200 whose body hashes like the last one parsed: nothing to parse. */
  | { status: 'unchanged'; etag: string | null; lastModified: string | null; bodyHash: string; bytes: number }
  | ParsedFetch;

/** A fetched and parsed feed with its validators. */
export interface ParsedFetch {
  status: 'ok';
  parsed: NormalizedFeed;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string;
  /** Size of the body read, in bytes. */
  bytes: number;
  /** The shortest poll interval the feed declares (`<ttl>`, `sy:updatePeriod`), seconds; null when none. */
  declaredMinSeconds: number | null;
  /** The WebSub hub and topic the response advertises (`Link` header or document); null when none. */
  websub: WebSubLink | null;
}

/** Fetches a feed under the network guard, sending the validators of the previous fetch when there is one. */
export function fetchGuarded(
  deps: Pick<Deps, 'config'>,
  url: string,
  previous: { etag: string | null; lastModified: string | null } | null,
): Promise<FetchFeedResult> {
  return fetchFeed(url, {
    allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
    profiles: deps.config.fetchProfiles,
    etag: previous?.etag ?? undefined,
    lastModified: previous?.lastModified ?? undefined,
  });
}

/** Parses a fetched body (decoded by its charset; large ones in a worker thread). */
export async function parseFetched(
  res: Extract<FetchFeedResult, { status: 'ok' }>,
  text: string = decodeFeedBody(res.body, res.contentType),
): Promise<ParsedFetch> {
  const parsed = await parseFeedText(text, res.finalUrl);
  return {
    status: 'ok',
    parsed,
    etag: res.etag,
    lastModified: res.lastModified,
    bodyHash: res.bodyHash,
    bytes: res.body.length,
    declaredMinSeconds: declaredMinInterval(text),
    websub: chooseWebSubLink(linkHeaderWebSubLinks(res.link, res.finalUrl), parsed.websub, res.finalUrl),
  };
}

/** Fetches a feed under the network guard with conditional headers and parses it unless the body is unchanged. */
export async function fetchAndParse(
  deps: Pick<Deps, 'config'>,
  url: string,
  previous: { etag: string | null; lastModified: string | null; bodyHash: string | null } | null,
): Promise<FetchOutcome> {
  const res = await fetchGuarded(deps, url, previous);
  if (res.status === 'not-modified') return { status: 'not-modified' };
  if (previous?.bodyHash === res.bodyHash) {
    return {
      status: 'unchanged',
      etag: res.etag,
      lastModified: res.lastModified,
      bodyHash: res.bodyHash,
      bytes: res.body.length,
    };
  }
  return parseFetched(res);
}
