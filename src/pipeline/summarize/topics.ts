import type { Deps } from '../../deps.js';
import { buildDocument } from '../../search/document.js';
import { compileTopics, matchTopics, prepareDocument } from '../../search/match.js';
import { parseQuery } from '../../search/query.js';
import type { NewTopicSubscription, TopicSubscriptionRow } from '../../store/store.js';

/**
 * Indexes a newly summarized article (with the summaries of `storyKey`, its story, when not stored on it yet) and creates a pending delivery for each topic subscription it matches, among
 * the servers that can see it (those subscribed to its feed). Returns the channels it created deliveries for.
 * Idempotent: deliveries are unique per (article, channel), so a channel that follows the feed and a matching
 * topic gets the article once. A stored query that no longer parses is skipped, never fatal.
 */
export async function topicDeliveries(
  deps: Pick<Deps, 'store' | 'now' | 'log'>,
  articleId: number,
  storyKey?: string,
): Promise<string[]> {
  const { store } = deps;
  const now = deps.now();
  await store.search.index([articleId], now, storyKey === undefined ? undefined : new Map([[articleId, storyKey]]));
  const subs = await store.topics.forArticle(articleId);
  if (subs.length === 0) return [];
  const source = await store.search.documentSource(articleId, storyKey);
  if (!source) return [];

  const byId = new Map<number, TopicSubscriptionRow>();
  const topics = subs.flatMap((sub) => {
    try {
      byId.set(sub.id, sub);
      return [{ id: sub.id, query: parseQuery(sub.query, now) }];
    } catch (err) {
      deps.log.warn({ topicSubscriptionId: sub.id, err }, 'topic query no longer parses');
      return [];
    }
  });
  const doc = prepareDocument({
    doc: buildDocument(source),
    feedId: source.feedId,
    feedTitle: source.feedTitle,
    feedUrl: source.feedUrl,
    lang: source.lang,
    at: source.publishedAt ?? source.createdAt,
  });
  const matched = matchTopics(compileTopics(topics), doc).map((id) => byId.get(id)!);
  await store.deliveries.createForTopics(articleId, matched, now);
  return matched.map((s) => s.channelId);
}

/**
 * Creates a topic subscription after checking its query (a `UserError` explains a malformed one); when the channel
 * already follows the same query on the same feeds, updates that one (role, cap, channel type) and resumes it.
 */
export async function addTopicSubscription(
  deps: Pick<Deps, 'store' | 'now'>,
  sub: NewTopicSubscription,
): Promise<TopicSubscriptionRow> {
  const query = sub.query.trim();
  parseQuery(query, deps.now());
  return deps.store.topics.upsert({ ...sub, query }, deps.now());
}
