import type { Deps } from '../../deps.js';
import { discoverFeeds, pickDiscoveredFeed } from '../../feeds/discover.js';
import { FeedError } from '../../feeds/errors.js';
import { UserError } from '../../i18n/user-error.js';
import { decodeFeedBody } from '../../text/decode.js';
import { fetchGuarded, type ParsedFetch, parseFetched } from '../poll/fetch-and-parse.js';

/** A feed fetched for `/feed add`, found at the URL given or through the page there. */
export interface FoundFeed {
  /** The feed's URL: the one given, or the one the page advertised. */
  url: string;
  /** The page URL when the feed was discovered through it, else null. */
  discoveredFrom: string | null;
  fetched: ParsedFetch;
}

const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i;

/**
 * Fetches `url` and parses it as a feed; when it is a web page instead, follows the feed the page advertises with
 * `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">` (the first that is not a comments feed),
 * fetched under the same network guard. Every failure becomes a `UserError` carrying what went wrong.
 */
export async function fetchFeedOrDiscover(deps: Pick<Deps, 'config'>, url: string): Promise<FoundFeed> {
  try {
    const res = await fetchGuarded(deps, url, null);
    if (res.status !== 'ok') throw new UserError('feedNotModified', { url });
    const text = decodeFeedBody(res.body, res.contentType);
    if (!HTML_START.test(text.slice(0, 4096))) {
      return { url, discoveredFrom: null, fetched: await parseFetched(res, text) };
    }
    const choice = pickDiscoveredFeed(discoverFeeds(text, res.finalUrl));
    if (!choice) {
      throw new UserError('feedNotOnPage', { url });
    }
    const feedRes = await fetchGuarded(deps, choice.url, null);
    if (feedRes.status !== 'ok') throw new UserError('feedNotModified', { url: choice.url });
    return { url: choice.url, discoveredFrom: url, fetched: await parseFetched(feedRes) };
  } catch (err) {
    if (err instanceof FeedError) throw new UserError('feedNotAdded', { url, problem: err.problem });
    throw err;
  }
}
