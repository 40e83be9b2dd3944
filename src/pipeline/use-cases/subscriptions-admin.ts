import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import type {
  FeedRow,
  GuildSubscription,
  MentionRuleRow,
  SubscriptionRow,
  ThreadOptions,
  TopicSubscriptionRow,
  WebhookIdentity,
} from '../../store/store.js';
import { checkedFilter, mentionRef } from './filter-text.js';
import { feedOfGuild, subscriptionOfGuild } from './guild-refs.js';
import { checkedSubscriptionSettings } from './settings.js';

type AdminDeps = Pick<Deps, 'store' | 'now'>;

/**
 * One subscription of a server as `/unsubscribe` names it: `<id>` for a feed subscription, `t<id>` for a topic one
 * (they live in separate tables, so their ids could collide).
 */
export type SubscriptionTarget =
  | { kind: 'feed'; ref: string; channelId: string; feedName: string }
  | { kind: 'topic'; ref: string; channelId: string; query: string };

/**
 * Subscribes a channel of the guild to one of its feeds, or resumes and reconfigures the channel's subscription. Its
 * filter (checked first: a `UserError` explains a malformed one) and age cutoff apply to articles summarized from
 * now on; none given clears them. Its language, style and look (checked as `/settings` checks them) replace the
 * server's for its posts; none given: the server's. So do its thread and publishing options (none given: off). With
 * `webhook`, its posts go through the channel's webhook.
 */
export async function subscribeToFeed(
  deps: AdminDeps,
  input: {
    guildId: string;
    channelId: string;
    feedId: number;
    mentionRoleId: string | null;
    maxPerHour: number | null;
    channelType: number;
    filter?: string | null;
    maxAgeHours?: number | null;
    language?: string | null;
    style?: string | null;
    layout?: string | null;
    template?: string | null;
    /** Posts through the channel's webhook under this identity; absent or null: as the bot. */
    webhook?: WebhookIdentity | null;
  } & Partial<ThreadOptions>,
): Promise<SubscriptionRow> {
  const { guildId, channelId, feedId, mentionRoleId, maxPerHour, channelType } = input;
  const webhook = input.webhook ?? null;
  const filter = checkedFilter(deps, input.filter);
  const maxAgeHours = input.maxAgeHours ?? null;
  const settings = checkedSubscriptionSettings(input);
  // A thread per post and publishing, checked against the channel by the caller; none given: neither.
  const threads: ThreadOptions = {
    thread: input.thread ?? null,
    threadArchiveMinutes: input.threadArchiveMinutes ?? null,
    publish: input.publish ?? false,
  };
  const sub = await deps.store.subscriptions.create({ guildId, channelId, feedId, mentionRoleId }, deps.now());
  // Also resumes a subscription paused after the bot lost the channel.
  const options = { mentionRoleId, maxPerHour, channelType, filter, maxAgeHours, webhook, ...settings, ...threads };
  await deps.store.subscriptions.configure(sub.id, options);
  return { ...sub, ...options };
}

/** The guild's subscription `ref` names; another server's, or junk, is `unknownSubscription`. */
export async function findSubscription(deps: AdminDeps, guildId: string, ref: string): Promise<SubscriptionTarget> {
  if (ref.startsWith('t')) {
    const topic = (await deps.store.topics.ofGuild(guildId)).find((s) => `t${s.id}` === ref);
    if (!topic) throw new UserError('unknownSubscription');
    return { kind: 'topic', ref, channelId: topic.channelId, query: topic.query };
  }
  const sub = await subscriptionOfGuild(deps, guildId, ref);
  const feed = await deps.store.feeds.get(sub.feedId);
  return { kind: 'feed', ref: String(sub.id), channelId: sub.channelId, feedName: feedName(feed, sub.feedId) };
}

/** Ends the guild's subscription `ref` names and returns what it was; `unknownSubscription` when there is none. */
export async function unsubscribe(deps: AdminDeps, guildId: string, ref: string): Promise<SubscriptionTarget> {
  const target = await findSubscription(deps, guildId, ref);
  if (target.kind === 'feed') await deps.store.subscriptions.remove(guildId, Number(target.ref));
  // A topic removed between the lookup and here (a second press) is gone already: say so.
  else if (!(await deps.store.topics.remove(guildId, Number(ref.slice(1))))) throw new UserError('unknownSubscription');
  return target;
}

/** The guild's feed `raw` names and how many of the guild's subscriptions follow it, before removing it. */
export async function feedRemoval(
  deps: AdminDeps,
  guildId: string,
  raw: string,
): Promise<{ feed: FeedRow; count: number }> {
  const feed = await feedOfGuild(deps, guildId, raw);
  const count = (await deps.store.subscriptions.ofGuild(guildId)).filter((s) => s.feedId === feed.id).length;
  return { feed, count };
}

/**
 * Removes the guild's subscriptions to the feed `raw` names and returns the feed and how many went. Only this
 * server's subscriptions go; the feed itself stays for the other servers that follow it.
 */
export async function removeGuildFeed(
  deps: AdminDeps,
  guildId: string,
  raw: string,
): Promise<{ feed: FeedRow; count: number }> {
  const feed = await feedOfGuild(deps, guildId, raw);
  const count = await deps.store.subscriptions.removeFeed(guildId, feed.id);
  return { feed, count };
}

/**
 * The guild's subscriptions (of one channel, when given), the names of every feed the guild follows, and the
 * guild's mention rules by the reference of their subscription (`<id>`, `t<id>`).
 */
export async function listSubscriptions(
  deps: AdminDeps,
  guildId: string,
  channelId: string | null,
): Promise<{
  feeds: GuildSubscription[];
  topics: TopicSubscriptionRow[];
  feedNames: Map<number, string>;
  mentions: Map<string, MentionRuleRow[]>;
}> {
  const [all, allTopics, rules] = await Promise.all([
    deps.store.subscriptions.ofGuild(guildId),
    deps.store.topics.ofGuild(guildId),
    deps.store.mentions.ofGuild(guildId),
  ]);
  const mentions = new Map<string, MentionRuleRow[]>();
  for (const rule of rules) mentions.set(mentionRef(rule), [...(mentions.get(mentionRef(rule)) ?? []), rule]);
  const inChannel = <T extends { channelId: string }>(rows: T[]) =>
    channelId === null ? rows : rows.filter((s) => s.channelId === channelId);
  return {
    feeds: inChannel(all),
    topics: inChannel(allTopics),
    feedNames: new Map(all.map((s) => [s.feedId, s.feedTitle ?? s.feedUrl])),
    mentions,
  };
}

function feedName(feed: FeedRow | null, feedId: number): string {
  return feed?.title ?? feed?.url ?? String(feedId);
}
