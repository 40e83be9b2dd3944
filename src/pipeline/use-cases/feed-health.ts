import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import type { FeedRow } from '../../store/store.js';
import { FAILURE_POLICIES } from '../poll/feed-failure-policy.js';

/** The feeds a guild follows, by feed id, with the failures in a row that disable a feed. */
export interface FeedHealthReport {
  feeds: FeedRow[];
  disableAfter: number;
}

/** The health of every feed the guild follows, by feed id. */
export async function listFeedHealth(deps: Pick<Deps, 'store'>, guildId: string): Promise<FeedHealthReport> {
  return { feeds: await deps.store.feeds.ofGuild(guildId), disableAfter: FAILURE_POLICIES.transient.disableAfter };
}

/**
 * Turns a feed of this guild back on and makes it due at once (the next scheduler tick polls it). `ref` is the
 * feed's number from `/feed list` or its URL; a feed no channel of this guild follows is refused, like one that does
 * not exist.
 */
export async function retryGuildFeed(
  deps: Pick<Deps, 'store' | 'now'>,
  guildId: string,
  ref: string,
): Promise<FeedRow> {
  const feed = await guildFeedByRef(deps, guildId, ref);
  await deps.store.feeds.retry(feed.id, deps.now());
  return (await deps.store.feeds.get(feed.id)) ?? feed;
}

/**
 * The feed of this guild that `ref` names: its number from `/feed list` or its URL. A feed no channel of this guild
 * follows is refused like one that does not exist.
 */
export async function guildFeedByRef(deps: Pick<Deps, 'store'>, guildId: string, ref: string): Promise<FeedRow> {
  const feeds = await deps.store.feeds.ofGuild(guildId);
  const wanted = ref.trim();
  const feed = /^\d+$/.test(wanted)
    ? feeds.find((f) => f.id === Number(wanted))
    : feeds.find((f) => f.url === wanted || f.url === safeHref(wanted));
  if (!feed) throw new UserError('noFeedMatch');
  return feed;
}

function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}
