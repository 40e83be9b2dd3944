import type { Deps } from '../../deps.js';
import { parseFilter } from '../../search/query.js';
import type { MentionRuleRow } from '../../store/store.js';

/** A filter as stored: trimmed, checked (a `UserError` explains a malformed one); blank means none. */
export function checkedFilter(deps: Pick<Deps, 'now'>, text: string | null | undefined): string | null {
  const filter = text?.trim() ?? '';
  if (filter === '') return null;
  parseFilter(filter, deps.now());
  return filter;
}

/** How commands name a mention rule's subscription: `<id>`, or `t<id>` for a topic subscription. */
export function mentionRef(rule: Pick<MentionRuleRow, 'owner'>): string {
  return 'subscriptionId' in rule.owner ? String(rule.owner.subscriptionId) : `t${rule.owner.topicSubscriptionId}`;
}
