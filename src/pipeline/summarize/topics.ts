import type { Deps } from '../../deps.js';
import { parseQuery } from '../../search/query.js';
import type { NewTopicSubscription, TopicSubscriptionRow } from '../../store/store.js';

/**
 * Creates a topic subscription after checking its query, field terms included (a `UserError` explains a malformed
 * one); when the channel already follows the same query on the same feeds, updates that one (role, cap, channel type,
 * age cutoff) and resumes it. Articles are matched against it when they are summarized (see `fan-out.ts`).
 */
export async function addTopicSubscription(
  deps: Pick<Deps, 'store' | 'now'>,
  sub: NewTopicSubscription,
): Promise<TopicSubscriptionRow> {
  const query = sub.query.trim();
  parseQuery(query, deps.now(), { fields: true });
  return deps.store.topics.upsert({ ...sub, query }, deps.now());
}
