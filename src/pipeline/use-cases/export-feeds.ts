import type { Deps } from '../../deps.js';
import { writeOpml } from '../../feeds/opml.js';

/** A server's feeds as an OPML document. */
export interface ExportedFeeds {
  /** OPML 2.0, UTF-8. */
  opml: string;
  count: number;
}

/**
 * Writes the feeds a server follows (any of its channels, paused subscriptions included) as an OPML 2.0 list with
 * each feed's stored title and site link. The list is flat: a channel is not a category in another reader, and a feed
 * followed in two channels is listed once.
 */
export async function exportFeeds(deps: Pick<Deps, 'store' | 'now'>, guildId: string): Promise<ExportedFeeds> {
  const feeds = await deps.store.feeds.ofGuild(guildId);
  const opml = writeOpml({
    title: `Herald feeds of server ${guildId}`,
    created: deps.now(),
    feeds: feeds.map((f) => ({ url: f.url, title: f.title, siteLink: f.siteLink, category: null })),
  });
  return { opml, count: feeds.length };
}
