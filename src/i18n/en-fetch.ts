import type { FeedProblem } from '../domain.js';

/**
 * Replies about how feeds are fetched: RSSHub addresses, site URLs Herald turns into feeds, sites that block bots.
 * The other catalogues must have the same keys and parameters.
 */
export const enFetch = {
  rsshubNotConfigured: () =>
    "rsshub:// addresses need an RSSHub instance, and this Herald has none: its operator sets `RSSHUB_URL` (such as https://rsshub.app). Until then, give the feed's own address.",
  rsshubRouteMissing: () => 'Add the RSSHub route after rsshub://, such as rsshub://github/issue/DIYgod/RSSHub.',
  youtubeChannelNotFound: (p: { url: string }) =>
    `Herald could not find the YouTube channel on ${p.url}. Give the channel's address in the form https://www.youtube.com/channel/UC….`,
  feedResolved: (p: { from: string; url: string }) => `${p.from} is followed through its feed ${p.url}.`,
  feedHealthBlockedHint: () =>
    'this site blocks bots; a fetch profile or RSSHub may help (ask the operator of this Herald)',
};

export type FetchCatalogue = typeof enFetch;

/** The clause for a feed behind a bot challenge (`feedProblem`). */
export function enBlocked(p: Extract<FeedProblem, { code: 'blocked' }>): string {
  return `${p.host} answered HTTP ${p.status} with a bot challenge (Cloudflare): this site blocks bots; a fetch profile or RSSHub may help`;
}
