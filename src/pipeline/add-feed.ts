import type { Deps } from '../deps.js';
import { UserError } from '../domain.js';
import type { ArticleRow, FeedRow } from '../store/store.js';
import { toNewArticles } from './articles.js';
import { fetchAndParse } from './fetch-and-parse.js';
import { nextPollAt } from './schedule.js';

export interface AddFeedResult {
  feed: FeedRow;
  /** The feed's newest stored article, for the preview in the reply. */
  latest: ArticleRow | null;
  /** False when the channel already followed this feed. */
  subscribed: boolean;
}

/**
 * Adds a feed for a channel: validates it by fetching and parsing it (a feed Herald already polls is not fetched
 * again), stores it with every current item marked seen, so the first post is the first story published after
 * this moment, and subscribes the channel.
 */
export async function addFeed(
  deps: Deps,
  input: { url: string; guildId: string; guildLocale: string | null; channelId: string },
): Promise<AddFeedResult> {
  const url = parseFeedUrl(input.url);
  const now = deps.now();
  let feed = await deps.store.getFeedByUrl(url);
  if (!feed) {
    const fetched = await fetchAndParse(deps, url, null);
    if (fetched.status !== 'ok') throw new UserError(`${url} answered "not modified" to a first request.`);
    const { parsed } = fetched;
    const interval = deps.config.FEED_POLL_INTERVAL_SECONDS;
    feed = await deps.store.upsertFeed({
      url,
      title: parsed.feed.title || null,
      siteLink: parsed.feed.link,
      language: parsed.feed.language,
      intervalSeconds: interval,
      nextPollAt: nextPollAt(url, interval, now),
    });
    if (feed.lastPolledAt === null) {
      await deps.store.insertArticles(feed.id, toNewArticles(parsed.items), 'seen', now);
      await deps.store.recordPollSuccess(feed.id, {
        title: feed.title,
        siteLink: feed.siteLink,
        language: feed.language,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        bodyHash: fetched.bodyHash,
        polledAt: now,
        nextPollAt: feed.nextPollAt,
      });
    }
  }
  if (!(await deps.store.getGuildSettings(input.guildId))) {
    await deps.store.putGuildSettings(
      { guildId: input.guildId, language: input.guildLocale ?? 'source', style: 'standard' },
      now,
    );
  }
  const before = await deps.store.listSubscriptions(input.guildId);
  const already = before.some((s) => s.channelId === input.channelId && s.feedId === feed.id);
  await deps.store.subscribe(
    { guildId: input.guildId, channelId: input.channelId, feedId: feed.id, mentionRoleId: null },
    now,
  );
  const [latest] = await deps.store.latestArticles(feed.id, 1);
  return { feed, latest: latest ?? null, subscribed: !already };
}

function parseFeedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserError(`"${raw}" is not a URL. Give the feed's full address, starting with https://.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`Only http and https feeds are supported, not ${url.protocol.replace(':', '')}.`);
  }
  url.hash = '';
  return url.toString();
}
