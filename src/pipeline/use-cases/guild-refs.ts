import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import type { FeedRow, GuildSubscription, SubscriptionRow, TopicSubscriptionRow } from '../../store/store.js';

type StoreDeps = Pick<Deps, 'store'>;

/** A feed as a server sees it: one it follows in some channel. */
export interface GuildFeed {
  id: number;
  title: string | null;
  url: string;
}

const parseId = (raw: string | number | null | undefined) => {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

/** A feed some channel of this guild follows; anything else (another server's feed, junk) is `unknownFeed`. */
export async function feedOfGuild(deps: StoreDeps, guildId: string, raw: string): Promise<FeedRow> {
  const id = parseId(raw);
  const subs = id === null ? [] : await deps.store.subscriptions.ofGuild(guildId);
  const feed = subs.some((s) => s.feedId === id) && id !== null ? await deps.store.feeds.get(id) : null;
  if (!feed) throw new UserError('unknownFeed');
  return feed;
}

/** A subscription of this guild; another server's id reads as `unknownSubscription`. */
export async function subscriptionOfGuild(deps: StoreDeps, guildId: string, raw: string): Promise<SubscriptionRow> {
  const id = parseId(raw);
  const sub = id === null ? null : await deps.store.subscriptions.get(id);
  if (!sub || sub.guildId !== guildId) throw new UserError('unknownSubscription');
  return sub;
}

/** The feeds this guild follows, each once, in the order its subscriptions list them. */
export async function feedsOfGuild(deps: StoreDeps, guildId: string): Promise<GuildFeed[]> {
  const seen = new Map<number, GuildFeed>();
  for (const s of await deps.store.subscriptions.ofGuild(guildId)) {
    if (!seen.has(s.feedId)) seen.set(s.feedId, { id: s.feedId, title: s.feedTitle, url: s.feedUrl });
  }
  return [...seen.values()];
}

/** Every subscription of this guild, to feeds and to topics. */
export async function subscriptionsOfGuild(
  deps: StoreDeps,
  guildId: string,
): Promise<{ feeds: GuildSubscription[]; topics: TopicSubscriptionRow[] }> {
  const [feeds, topics] = await Promise.all([
    deps.store.subscriptions.ofGuild(guildId),
    deps.store.topics.ofGuild(guildId),
  ]);
  return { feeds, topics };
}
