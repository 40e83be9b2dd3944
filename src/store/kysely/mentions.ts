import type { Selectable } from 'kysely';
import type { MentionRulesTable } from '../schema.js';
import type { StoreContext } from './context.js';

/** The subscription a mention rule belongs to: a feed subscription or a topic subscription. */
export type MentionOwner = { subscriptionId: number } | { topicSubscriptionId: number };

/** A role a subscription mentions on its posts, on every one or on those matching `filter`. */
export interface MentionRuleRow {
  id: number;
  guildId: string;
  owner: MentionOwner;
  roleId: string;
  /** A query with field terms; null: every post. */
  filter: string | null;
  createdAt: number;
}

export interface NewMentionRule {
  guildId: string;
  owner: MentionOwner;
  roleId: string;
  filter: string | null;
}

/** Mention rules ("@taiwan when entity:台灣"); a subscription's rules go with it. */
export interface MentionRepository {
  /** Adds a rule, or replaces the filter of the owner's rule for the same role; returns it. */
  add(rule: NewMentionRule, now: number): Promise<MentionRuleRow>;
  /** Removes the owner's rule for the role; false when there is none. */
  remove(owner: MentionOwner, roleId: string): Promise<boolean>;
  /** The guild's rules, by id. */
  ofGuild(guildId: string): Promise<MentionRuleRow[]>;
  /** The rules of these feed and topic subscriptions, by id (the fan-out of one article). */
  forOwners(subscriptionIds: number[], topicSubscriptionIds: number[]): Promise<MentionRuleRow[]>;
}

function toRule(r: Selectable<MentionRulesTable>): MentionRuleRow {
  const owner: MentionOwner =
    r.subscription_id !== null
      ? { subscriptionId: Number(r.subscription_id) }
      : { topicSubscriptionId: Number(r.topic_subscription_id) };
  return {
    id: Number(r.id),
    guildId: r.guild_id,
    owner,
    roleId: r.role_id,
    filter: r.filter,
    createdAt: r.created_at,
  };
}

const ownerColumns = (owner: MentionOwner) =>
  'subscriptionId' in owner
    ? { subscription_id: owner.subscriptionId, topic_subscription_id: null }
    : { subscription_id: null, topic_subscription_id: owner.topicSubscriptionId };

export function createKyselyMentionRepository({ db, write }: StoreContext): MentionRepository {
  return {
    async add(rule, now) {
      return write(async (tx) => {
        const columns = ownerColumns(rule.owner);
        const existing = await tx
          .selectFrom('mention_rules')
          .select('id')
          .where((eb) =>
            columns.subscription_id !== null
              ? eb('subscription_id', '=', columns.subscription_id)
              : eb('topic_subscription_id', '=', columns.topic_subscription_id),
          )
          .where('role_id', '=', rule.roleId)
          .executeTakeFirst();
        const row = existing
          ? await tx
              .updateTable('mention_rules')
              .set({ filter: rule.filter })
              .where('id', '=', existing.id)
              .returningAll()
              .executeTakeFirstOrThrow()
          : await tx
              .insertInto('mention_rules')
              .values({
                guild_id: rule.guildId,
                ...columns,
                role_id: rule.roleId,
                filter: rule.filter,
                created_at: now,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
        return toRule(row);
      });
    },

    async remove(owner, roleId) {
      const result = await db
        .deleteFrom('mention_rules')
        .where((eb) =>
          'subscriptionId' in owner
            ? eb('subscription_id', '=', owner.subscriptionId)
            : eb('topic_subscription_id', '=', owner.topicSubscriptionId),
        )
        .where('role_id', '=', roleId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async ofGuild(guildId) {
      const rows = await db
        .selectFrom('mention_rules')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },

    async forOwners(subscriptionIds, topicSubscriptionIds) {
      if (subscriptionIds.length + topicSubscriptionIds.length === 0) return [];
      const rows = await db
        .selectFrom('mention_rules')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(subscriptionIds.length ? [eb('subscription_id', 'in', subscriptionIds)] : []),
            ...(topicSubscriptionIds.length ? [eb('topic_subscription_id', 'in', topicSubscriptionIds)] : []),
          ]),
        )
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },
  };
}
