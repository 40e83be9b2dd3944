import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import type { MentionOwner, MentionRuleRow } from '../../store/store.js';
import { checkedFilter, mentionRef } from './filter-text.js';
import { findSubscription, type SubscriptionTarget } from './subscriptions-admin.js';

type AdminDeps = Pick<Deps, 'store' | 'now'>;

/** Mention rules a subscription may have: each is checked against every article it posts. */
export const MAX_MENTION_RULES = 10;

function ownerOf(target: SubscriptionTarget): MentionOwner {
  return target.kind === 'topic'
    ? { topicSubscriptionId: Number(target.ref.slice(1)) }
    : { subscriptionId: Number(target.ref) };
}

const sameOwner = (a: MentionOwner, b: MentionOwner) =>
  'subscriptionId' in a
    ? 'subscriptionId' in b && a.subscriptionId === b.subscriptionId
    : 'topicSubscriptionId' in b && a.topicSubscriptionId === b.topicSubscriptionId;

/**
 * Makes the guild's subscription `ref` (`<id>` or `t<id>`) mention `roleId` on its posts that match `filter` (every
 * post when blank), replacing that role's earlier rule; refuses past {@link MAX_MENTION_RULES}. Applies to articles
 * summarized from now on.
 */
export async function addMentionRule(
  deps: AdminDeps,
  input: { guildId: string; ref: string; roleId: string; filter: string | null },
): Promise<{ target: SubscriptionTarget; rule: MentionRuleRow }> {
  const target = await findSubscription(deps, input.guildId, input.ref);
  const filter = checkedFilter(deps, input.filter);
  const owner = ownerOf(target);
  const rules = (await deps.store.mentions.ofGuild(input.guildId)).filter((r) => sameOwner(r.owner, owner));
  if (rules.length >= MAX_MENTION_RULES && !rules.some((r) => r.roleId === input.roleId)) {
    throw new UserError('mentionTooMany', { max: MAX_MENTION_RULES });
  }
  const rule = await deps.store.mentions.add(
    { guildId: input.guildId, owner, roleId: input.roleId, filter },
    deps.now(),
  );
  return { target, rule };
}

/** Removes the mention of `roleId` from the guild's subscription `ref`; `mentionNotFound` when it had none. */
export async function removeMentionRule(
  deps: AdminDeps,
  input: { guildId: string; ref: string; roleId: string },
): Promise<SubscriptionTarget> {
  const target = await findSubscription(deps, input.guildId, input.ref);
  if (!(await deps.store.mentions.remove(ownerOf(target), input.roleId))) {
    throw new UserError('mentionNotFound', { role: input.roleId, subscription: target.ref });
  }
  return target;
}

/** The guild's mention rules, each with the reference (`<id>`, `t<id>`) of its subscription. */
export async function listMentionRules(
  deps: AdminDeps,
  guildId: string,
): Promise<Array<MentionRuleRow & { ref: string }>> {
  return (await deps.store.mentions.ofGuild(guildId)).map((r) => ({ ...r, ref: mentionRef(r) }));
}
