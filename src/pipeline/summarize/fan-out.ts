import type { Deps } from '../../deps.js';
import { buildDocument } from '../../search/document.js';
import {
  compileTopics,
  matchTopics,
  type PreparedDocument,
  prepareDocument,
  unmatchedClause,
} from '../../search/match.js';
import { type ParsedQuery, parseFilter, parseQuery } from '../../search/query.js';
import type { ArticleDocumentSource } from '../../search/types.js';
import type {
  ArticleRow,
  MentionRuleRow,
  PlannedDelivery,
  SubscriptionRow,
  TopicSubscriptionRow,
} from '../../store/store.js';

const HOUR_MS = 3_600_000;
/** Discord mentions at most 100 roles a message; no post needs more. */
const MAX_ROLES_PER_POST = 100;

type FanOutDeps = Pick<Deps, 'store' | 'now' | 'log'>;

/** One subscription of a channel that could post the article, and what it makes of it. */
interface Candidate {
  channelId: string;
  guildId: string;
  feed: SubscriptionRow | null;
  topic: TopicSubscriptionRow | null;
  /** Why this subscription would not post it (`age: 24h`, `filter: -title:ad`); null: it would. */
  skip: string | null;
  /** The roles this subscription mentions on this article. */
  roles: string[];
}

/**
 * Fans a newly summarized article out to the channels of its feed's active subscriptions and of the topic
 * subscriptions it matches (among servers that can see it), after indexing it with `storyKey`'s summaries. Decides
 * per channel, once, from the article and its summaries:
 * - a feed subscription posts it unless its age cutoff or its filter excludes it (`age: <N>h`, `filter: <clause>`);
 *   a topic subscription posts it when its query matches and its age cutoff allows;
 * - a channel gets one delivery, pending when any of its subscriptions posts the article (for its feed subscription
 *   when that one does, else its first matching topic), with every role those subscriptions mention on it: their own
 *   role, and each of their mention rules whose filter matches; skipped, with the first reason, when none does.
 *
 * Only articles summarized from now on are decided this way, so changing a filter never re-posts an old article.
 * Running it again changes nothing: a delivery once acted on is left alone. A stored query or filter that no longer
 * parses is logged: a topic then matches nothing, a filter lets everything through.
 */
export async function fanOutArticle(deps: FanOutDeps, article: ArticleRow, storyKey: string): Promise<string[]> {
  const { store } = deps;
  const now = deps.now();
  await store.search.index([article.id], now, new Map([[article.id, storyKey]]));
  const [feedSubs, topicSubs, source] = await Promise.all([
    store.subscriptions.activeForFeed(article.feedId),
    store.topics.forArticle(article.id),
    store.search.documentSource(article.id, storyKey),
  ]);
  if (feedSubs.length + topicSubs.length === 0) return store.deliveries.createPlanned(article.id, [], now);
  const doc = prepare(article, source);
  const rules = await store.mentions.forOwners(
    feedSubs.map((s) => s.id),
    topicSubs.map((s) => s.id),
  );
  const parsed = queryCache(deps, now);
  const rolesOf = (mentionRoleId: string | null, owned: MentionRuleRow[]) => [
    ...(mentionRoleId ? [mentionRoleId] : []),
    ...owned.filter((r) => r.filter === null || matches(parsed(r.filter, 'filter'), doc)).map((r) => r.roleId),
  ];

  const candidates: Candidate[] = [];
  for (const sub of feedSubs) {
    const query = sub.filter === null ? null : parsed(sub.filter, 'filter');
    const clause = query && doc ? unmatchedClause(query, doc) : null;
    const skip = tooOld(article, sub.maxAgeHours) ?? (clause === null ? null : `filter: ${clause}`);
    const owned = rules.filter((r) => 'subscriptionId' in r.owner && r.owner.subscriptionId === sub.id);
    candidates.push({
      channelId: sub.channelId,
      guildId: sub.guildId,
      feed: sub,
      topic: null,
      skip,
      roles: skip ? [] : rolesOf(sub.mentionRoleId, owned),
    });
  }
  for (const sub of matchedTopics(topicSubs, parsed, doc)) {
    const skip = tooOld(article, sub.maxAgeHours);
    const owned = rules.filter((r) => 'topicSubscriptionId' in r.owner && r.owner.topicSubscriptionId === sub.id);
    candidates.push({
      channelId: sub.channelId,
      guildId: sub.guildId,
      feed: null,
      topic: sub,
      skip,
      roles: skip ? [] : rolesOf(sub.mentionRoleId, owned),
    });
  }
  return store.deliveries.createPlanned(article.id, plan(candidates), now);
}

/** One delivery per channel from its candidates (feed subscriptions first, then topics, each by id). */
function plan(candidates: Candidate[]): PlannedDelivery[] {
  const byChannel = new Map<string, Candidate[]>();
  for (const c of candidates) byChannel.set(c.channelId, [...(byChannel.get(c.channelId) ?? []), c]);
  return [...byChannel.values()].map((all) => {
    const posting = all.filter((c) => c.skip === null);
    const owner = posting[0] ?? all[0]!;
    const roles = [...new Set(posting.flatMap((c) => c.roles))].slice(0, MAX_ROLES_PER_POST);
    return {
      channelId: owner.channelId,
      guildId: owner.guildId,
      subscriptionId: owner.feed?.id ?? null,
      topicSubscriptionId: owner.feed ? null : (owner.topic?.id ?? null),
      state: posting.length > 0 ? 'pending' : 'skipped',
      error: posting.length > 0 ? null : owner.skip,
      mentionRoleIds: roles,
    };
  });
}

/** `age: <N>h` when the item was published more than N hours before it was first seen. */
function tooOld(article: ArticleRow, maxAgeHours: number | null): string | null {
  if (maxAgeHours === null || article.publishedAt === null) return null;
  return article.createdAt - article.publishedAt > maxAgeHours * HOUR_MS ? `age: ${maxAgeHours}h` : null;
}

function prepare(article: ArticleRow, source: ArticleDocumentSource | null): PreparedDocument | null {
  if (!source) return null;
  return prepareDocument({
    doc: buildDocument(source),
    feedId: source.feedId,
    feedTitle: source.feedTitle,
    feedUrl: source.feedUrl,
    lang: source.lang,
    at: source.publishedAt ?? source.createdAt,
    fields: {
      title: article.title,
      author: article.author,
      categories: article.categories,
      link: article.link,
      topics: source.summaries.flatMap((s) => s.topics),
      entities: source.summaries.flatMap((s) => s.entities),
      contentText: article.contentText,
    },
  });
}

function matches(query: ParsedQuery | null, doc: PreparedDocument | null): boolean {
  // A rule whose filter no longer parses mentions nobody; without a document nothing can be said to match.
  return query !== null && doc !== null && unmatchedClause(query, doc) === null;
}

/** The topic subscriptions whose query matches the article. */
function matchedTopics(
  subs: TopicSubscriptionRow[],
  parsed: (text: string, kind: 'topic' | 'filter') => ParsedQuery | null,
  doc: PreparedDocument | null,
): TopicSubscriptionRow[] {
  if (!doc) return [];
  const byId = new Map(subs.map((s) => [s.id, s]));
  const topics = subs.flatMap((sub) => {
    const query = parsed(sub.query, 'topic');
    return query ? [{ id: sub.id, query }] : [];
  });
  return matchTopics(compileTopics(topics), doc).map((id) => byId.get(id)!);
}

/** Parses each stored query once per fan-out; one that no longer parses is logged and read as null. */
function queryCache(deps: FanOutDeps, now: number): (text: string, kind: 'topic' | 'filter') => ParsedQuery | null {
  const cache = new Map<string, ParsedQuery | null>();
  return (text, kind) => {
    const key = `${kind}\u0000${text}`;
    if (cache.has(key)) return cache.get(key)!;
    let query: ParsedQuery | null = null;
    try {
      query = kind === 'topic' ? parseQuery(text, now, { fields: true }) : parseFilter(text, now);
    } catch (err) {
      deps.log.warn({ kind, err }, 'stored query no longer parses');
    }
    cache.set(key, query);
    return query;
  };
}
