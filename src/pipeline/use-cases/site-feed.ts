import type { Deps } from '../../deps.js';
import { FeedError } from '../../feeds/errors.js';
import {
  recognizeSiteAddress,
  rsshubFeedUrl,
  youtubeChannelFeed,
  youtubeChannelIdFromPage,
} from '../../feeds/site-feeds.js';
import { UserError } from '../../i18n/user-error.js';
import { decodeFeedBody } from '../../text/decode.js';
import { fetchGuarded } from '../poll/fetch-and-parse.js';

/** The address `/feed add` fetches, and what the user gave when Herald turned it into a feed address. */
export interface ResolvedFeedAddress {
  url: string;
  /** `rsshub://…`, the YouTube or Reddit page as given; null when `url` is what was given. */
  resolvedFrom: string | null;
}

/**
 * Turns what a user gave `/feed add` into the address to fetch: `rsshub://<route>` onto `RSSHUB_URL`, a YouTube
 * channel or playlist page into its feed (a handle, /c/ or /user/ page is fetched, under the guard and the fetch
 * profiles, for the channel id it carries), a subreddit or Reddit user into its `.rss`. Any other address is returned
 * as given.
 * @throws UserError when RSSHub is not configured, the route is missing, or a YouTube page names no channel
 */
export async function resolveFeedAddress(deps: Pick<Deps, 'config'>, raw: string): Promise<ResolvedFeedAddress> {
  const site = recognizeSiteAddress(raw);
  if (site === null) return { url: raw, resolvedFrom: null };
  const given = raw.trim();
  switch (site.kind) {
    case 'rsshub': {
      if (site.route === '') throw new UserError('rsshubRouteMissing');
      if (!deps.config.RSSHUB_URL) throw new UserError('rsshubNotConfigured');
      const url = rsshubFeedUrl(deps.config.RSSHUB_URL, site.route);
      if (url === null) throw new UserError('feedUrlInvalid', { value: given });
      return { url, resolvedFrom: given };
    }
    case 'feed':
      return { url: site.url, resolvedFrom: given };
    case 'youtube-page': {
      let channelId: string | null = null;
      try {
        const res = await fetchGuarded(deps, site.url, null);
        if (res.status === 'ok') channelId = youtubeChannelIdFromPage(decodeFeedBody(res.body, res.contentType));
      } catch (err) {
        if (err instanceof FeedError) throw new UserError('feedNotAdded', { url: given, problem: err.problem });
        throw err;
      }
      if (channelId === null) throw new UserError('youtubeChannelNotFound', { url: site.url });
      return { url: youtubeChannelFeed(channelId), resolvedFrom: given };
    }
  }
}
