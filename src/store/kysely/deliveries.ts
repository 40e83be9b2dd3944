import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, DeliveriesTable } from '../schema.js';
import { type ArticleRow, toArticle } from './articles.js';
import type { StoreContext } from './context.js';
import { parseStringArray } from './json-columns.js';

/**
 * `skipped`: deliberately not posted; `error` says why: `filler` (a server that skips filler), `filter: <clause>` (the
 * clause of the subscription's filter the article failed), `age: <N>h` (older than the subscription's age cutoff).
 */
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';

/** One article to one channel, and what became of it. */
export interface DeliveryRow {
  id: number;
  articleId: number;
  channelId: string;
  subscriptionId: number | null;
  /** The topic subscription that matched, for a delivery made by a topic rather than a feed subscription. */
  topicSubscriptionId: number | null;
  guildId: string;
  state: DeliveryState;
  messageId: string | null;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
  /**
   * When a forum post was first attempted for this delivery, recorded before calling Discord (which takes no nonce
   * there); null when none was.
   */
  attemptedAt: number | null;
  /**
   * The roles the post mentions, decided with the delivery (every matching subscription of the channel and their
   * mention rules); null for a delivery made without that decision (a backfill): its subscription's role.
   */
  mentionRoleIds: string[] | null;
  /** When its message was published (crossposted) from an announcement channel; null: not published. */
  publishedAt: number | null;
}

/** What the fan-out of one article decided for one channel. */
export interface PlannedDelivery {
  channelId: string;
  guildId: string;
  /** The subscription the delivery is for: a feed subscription, else a topic subscription. */
  subscriptionId: number | null;
  topicSubscriptionId: number | null;
  state: 'pending' | 'skipped';
  /** Why it is skipped (`filter: …`, `age: …`); null when pending. */
  error: string | null;
  mentionRoleIds: string[];
}

/** A pending delivery with the article to post. */
export interface PendingDelivery {
  delivery: DeliveryRow;
  article: ArticleRow;
}

/**
 * The fan-out of articles to channels and the record of each post. A channel gets an article once, however many of
 * its subscriptions (feed, topic, backfill) lead to it: every way of creating deliveries is idempotent on
 * (article, channel). Once sent, a delivery stays sent.
 */
export interface DeliveryRepository {
  /**
   * Creates one pending delivery per (article, channel) for the article's feed's active subscriptions. Returns the
   * channel ids that have a pending delivery of the article afterwards, in creation order.
   */
  createForSubscriptions(articleId: number, now: number): Promise<string[]>;
  /**
   * Records the fan-out of a newly summarized article: one delivery per planned channel, pending or skipped. A
   * channel's delivery still pending (created when the article was found) takes the plan; one already sent, failed or
   * skipped is left alone, so running it again changes nothing. Returns the channel ids that have a pending delivery
   * of the article afterwards, in creation order.
   */
  createPlanned(articleId: number, planned: PlannedDelivery[], now: number): Promise<string[]>;
  /**
   * Creates a pending delivery of each article to the subscription's channel (backfill of a new subscription).
   * Returns how many were new; throws for an unknown subscription.
   */
  createBackfill(subscriptionId: number, articleIds: number[], now: number): Promise<number>;
  /**
   * Oldest pending delivery of a channel (by article publication time, the article's storage time when it has none,
   * then article id), with its article. Null when the channel has nothing pending.
   */
  nextPending(channelId: string): Promise<PendingDelivery | null>;
  /** Up to `limit` pending deliveries of a channel with their articles, in delivery order (see `nextPending`). */
  pending(channelId: string, limit: number): Promise<PendingDelivery[]>;
  /**
   * Channels with a pending delivery whose article is ready to post (not state `new`): backfills, and runs a crash or
   * an outage cut short. At most `limit`, by channel id.
   */
  readyChannels(limit: number): Promise<string[]>;
  /**
   * Records the post: state `sent`, its message id and time, and whether it was published (crossposted) then; clears
   * an error a failed attempt left.
   */
  markSent(deliveryId: number, messageId: string, now: number, published?: boolean): Promise<void>;
  /**
   * Records that a forum post is about to be started for a pending delivery: sets its `attemptedAt` unless an earlier
   * attempt set it already (a retry then looks for a post made since the first attempt).
   */
  markAttempted(deliveryId: number, now: number): Promise<void>;
  /** Marks a pending delivery failed; a delivery already sent stays sent (a late retry's failure changes nothing). */
  markFailed(deliveryId: number, error: string): Promise<void>;
  /** Marks a pending delivery skipped on purpose, with why (`filler`); like a failure, it never undoes a post. */
  markSkipped(deliveryId: number, reason: string): Promise<void>;
  /** Marks every pending delivery of a channel failed with `error`; returns how many. */
  failPending(channelId: string, error: string): Promise<number>;
  /** Every delivery of an article, in creation order. */
  ofArticle(articleId: number): Promise<DeliveryRow[]>;
  /** Deliveries of the feed or topic subscription sent at or after `since`. */
  countSentSince(owner: { subscriptionId: number } | { topicSubscriptionId: number }, since: number): Promise<number>;
  /** Messages of the channel published (crossposted) at or after `since`; a roundup's deliveries count once. */
  countPublishedSince(channelId: string, since: number): Promise<number>;
}

function toDelivery(r: Selectable<DeliveriesTable>): DeliveryRow {
  return {
    id: r.id,
    articleId: r.article_id,
    channelId: r.channel_id,
    subscriptionId: r.subscription_id,
    topicSubscriptionId: r.topic_subscription_id,
    guildId: r.guild_id,
    state: r.state as DeliveryState,
    messageId: r.message_id,
    error: r.error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    attemptedAt: r.attempted_at,
    mentionRoleIds: r.mention_role_ids === null ? null : parseStringArray(r.mention_role_ids),
    publishedAt: r.published_at === null ? null : Number(r.published_at),
  };
}

export function createKyselyDeliveryRepository({ db, write }: StoreContext): DeliveryRepository {
  /** A channel's pending deliveries with their articles, oldest article first (by publication, then id). */
  async function pending(channelId: string, limit: number): Promise<PendingDelivery[]> {
    const deliveries = await db
      .selectFrom('deliveries')
      .innerJoin('articles', 'articles.id', 'deliveries.article_id')
      .selectAll('deliveries')
      .where('deliveries.channel_id', '=', channelId)
      .where('deliveries.state', '=', 'pending')
      .orderBy((eb) => eb.fn.coalesce('articles.published_at', 'articles.created_at'))
      .orderBy('articles.id')
      .limit(limit)
      .execute();
    if (deliveries.length === 0) return [];
    const articles = await db
      .selectFrom('articles')
      .selectAll()
      .where(
        'id',
        'in',
        deliveries.map((d) => d.article_id),
      )
      .execute();
    const byId = new Map(articles.map((a) => [a.id, toArticle(a)]));
    return deliveries.flatMap((d) => {
      const article = byId.get(d.article_id);
      return article ? [{ delivery: toDelivery(d), article }] : [];
    });
  }

  return {
    async createForSubscriptions(articleId, now) {
      return write(async (tx) => {
        await tx
          .insertInto('deliveries')
          .columns(['article_id', 'channel_id', 'subscription_id', 'guild_id', 'state', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('articles')
              .innerJoin('subscriptions', 'subscriptions.feed_id', 'articles.feed_id')
              .select([
                'articles.id',
                'subscriptions.channel_id',
                'subscriptions.id as subscription_id',
                'subscriptions.guild_id',
                sql.lit('pending').as('state'),
                // PostgreSQL would type a bare parameter in a SELECT list as text.
                sql<number>`cast(${now} as bigint)`.as('created_at'),
              ])
              // SQLite needs a WHERE here: without it `ON CONFLICT` would parse as the join's ON.
              .where('articles.id', '=', articleId)
              .where('subscriptions.paused_at', 'is', null),
          )
          .onConflict((oc) => oc.columns(['article_id', 'channel_id']).doNothing())
          .execute();
        return pendingChannels(tx, articleId);
      });
    },

    async createPlanned(articleId, planned, now) {
      return write(async (tx) => {
        for (const p of planned) {
          const plan = {
            subscription_id: p.subscriptionId,
            topic_subscription_id: p.topicSubscriptionId,
            state: p.state,
            error: p.error,
            mention_role_ids: JSON.stringify(p.mentionRoleIds),
          };
          await tx
            .insertInto('deliveries')
            .values({ article_id: articleId, channel_id: p.channelId, guild_id: p.guildId, created_at: now, ...plan })
            .onConflict((oc) =>
              oc
                .columns(['article_id', 'channel_id'])
                .doUpdateSet(plan)
                // Only a delivery nobody acted on yet takes the plan: a post made stays made.
                .where('deliveries.state', '=', 'pending'),
            )
            .execute();
        }
        return pendingChannels(tx, articleId);
      });
    },

    async createBackfill(subscriptionId, articleIds, now) {
      if (articleIds.length === 0) return 0;
      return write(async (tx) => {
        const sub = await tx
          .selectFrom('subscriptions')
          .selectAll()
          .where('id', '=', subscriptionId)
          .executeTakeFirst();
        if (!sub) throw new Error(`subscription ${subscriptionId} not found`);
        const result = await tx
          .insertInto('deliveries')
          .values(
            articleIds.map((articleId) => ({
              article_id: articleId,
              channel_id: sub.channel_id,
              subscription_id: sub.id,
              guild_id: sub.guild_id,
              state: 'pending',
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['article_id', 'channel_id']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0);
      });
    },

    async readyChannels(limit) {
      // Driven from the pending deliveries (few, through the (state, article_id) index), not from articles.
      const rows = await db
        .selectFrom('deliveries')
        .innerJoin('articles', 'articles.id', 'deliveries.article_id')
        .select('deliveries.channel_id')
        .distinct()
        .where('deliveries.state', '=', 'pending')
        .where('articles.state', 'in', ['seen', 'summarized'])
        .orderBy('deliveries.channel_id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.channel_id);
    },

    async nextPending(channelId) {
      return (await pending(channelId, 1))[0] ?? null;
    },

    async markSent(deliveryId, messageId, now, published = false) {
      await db
        .updateTable('deliveries')
        .set({ state: 'sent', message_id: messageId, sent_at: now, error: null, published_at: published ? now : null })
        .where('id', '=', deliveryId)
        .execute();
    },

    async markAttempted(deliveryId, now) {
      await db
        .updateTable('deliveries')
        .set({ attempted_at: now })
        .where('id', '=', deliveryId)
        .where('state', '=', 'pending')
        .where('attempted_at', 'is', null)
        .execute();
    },

    async markFailed(deliveryId, error) {
      // A late failure report (e.g. a retried job) must not turn a posted delivery into a failed one.
      await db
        .updateTable('deliveries')
        .set({ state: 'failed', error })
        .where('id', '=', deliveryId)
        .where('state', '=', 'pending')
        .execute();
    },

    async markSkipped(deliveryId, reason) {
      await db
        .updateTable('deliveries')
        .set({ state: 'skipped', error: reason })
        .where('id', '=', deliveryId)
        .where('state', '=', 'pending')
        .execute();
    },

    async ofArticle(articleId) {
      const rows = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('article_id', '=', articleId)
        .orderBy('id')
        .execute();
      return rows.map(toDelivery);
    },

    async failPending(channelId, error) {
      const result = await db
        .updateTable('deliveries')
        .set({ state: 'failed', error })
        .where('channel_id', '=', channelId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    pending,

    async countSentSince(owner, since) {
      const row = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where((eb) =>
          'subscriptionId' in owner
            ? eb('subscription_id', '=', owner.subscriptionId)
            : eb('topic_subscription_id', '=', owner.topicSubscriptionId),
        )
        .where('state', '=', 'sent')
        .where('sent_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async countPublishedSince(channelId, since) {
      const row = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.count<number | string>('message_id').distinct().as('n'))
        .where('channel_id', '=', channelId)
        .where('published_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

/** The channels with a pending delivery of an article, in creation order. */
async function pendingChannels(tx: Kysely<Database>, articleId: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('deliveries')
    .select('channel_id')
    .where('article_id', '=', articleId)
    .where('state', '=', 'pending')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.channel_id);
}
