import type { Deps } from '../../deps.js';
import { parseQuery } from '../../search/query.js';
import type { NewTopicSubscription, TopicSubscriptionRow } from '../../store/store.js';
import { checkedSubscriptionSettings } from '../use-cases/settings.js';

/**
 * Creates a topic subscription after checking its query, field terms included (a `UserError` explains a malformed
 * one); when the channel already follows the same query on the same feeds, updates that one (role, cap, channel type,
 * age cutoff, language, style, layout) and resumes it. Articles are matched against it when they are summarized (see `fan-out.ts`).
 */
export async function addTopicSubscription(
  deps: Pick<Deps, 'store' | 'now'>,
  sub: NewTopicSubscription,
): Promise<TopicSubscriptionRow> {
  const query = sub.query.trim();
  parseQuery(query, deps.now(), { fields: true });
  // Its own language, style and layout are checked as `/settings` checks the server's.
  const settings = checkedSubscriptionSettings(sub);
  return deps.store.topics.upsert({ ...sub, query, ...settings }, deps.now());
}
