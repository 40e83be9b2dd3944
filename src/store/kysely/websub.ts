import { type Selectable, sql } from 'kysely';
import type { WebSubSubscriptionsTable } from '../schema.js';
import type { StoreContext } from './context.js';

/**
 * Where a feed's WebSub subscription stands:
 * - `new`: its document names a hub, nothing asked yet;
 * - `subscribing`: a subscribe (first or renewal) was sent, the hub's verification of intent is awaited;
 * - `active`: verified, pushed until `leaseExpiresAt`;
 * - `unsubscribing`: an unsubscribe was sent (the feed is no longer followed), its verification is awaited;
 * - `failed`: refused, denied, never verified or lapsed; the feed is polled, and a new subscribe is tried at `dueAt`.
 */
export type WebSubState = 'new' | 'subscribing' | 'active' | 'unsubscribing' | 'failed';

export interface WebSubRow {
  feedId: number;
  /** Opaque and random: the last segment of the callback URL the hub calls. */
  callbackId: string;
  hubUrl: string;
  topicUrl: string;
  /** `hub.secret`, the HMAC key of the notifications. Never logged. */
  secret: string;
  state: WebSubState;
  /** When the pending subscribe or unsubscribe was sent. */
  requestedAt: number | null;
  /** End of the lease the hub granted at the last verification; null until one. */
  leaseExpiresAt: number | null;
  /** When the subscription next needs something done. */
  dueAt: number;
  lastError: string | null;
  updatedAt: number;
}

/** A hub and topic a feed advertises. */
export interface WebSubLink {
  hubUrl: string;
  topicUrl: string;
}

/** The WebSub subscriptions: one per feed that advertises a hub, while Herald has a public URL. */
export interface WebSubRepository {
  get(feedId: number): Promise<WebSubRow | null>;
  /** The subscription a callback URL belongs to. */
  byCallback(callbackId: string): Promise<WebSubRow | null>;
  /**
   * Records what a poll found: with the same hub and topic as stored, nothing changes; with another (or none stored),
   * the subscription starts over as `new` under `fresh`'s callback id and secret, due at `now` (the old callback id is
   * forgotten, so the old hub's calls find nothing); with none (`link` null), the row is deleted. Returns the row.
   */
  discover(
    feedId: number,
    link: WebSubLink | null,
    fresh: { callbackId: string; secret: string },
    now: number,
  ): Promise<WebSubRow | null>;
  /**
   * Subscriptions that need something done, at most `limit`, soonest first: due (`dueAt <= now`), or subscribed
   * (`active`/`subscribing`) for a feed nobody follows any more (no active subscription, or disabled). `wanted` says
   * whether the feed is still followed.
   */
  due(now: number, limit: number): Promise<Array<WebSubRow & { wanted: boolean }>>;
  /** Marks a subscribe or unsubscribe as sent at `now` (before sending it: hubs may verify before they answer). */
  markRequested(feedId: number, mode: 'subscribe' | 'unsubscribe', now: number, dueAt: number): Promise<void>;
  /**
   * Applies a verification of intent, only when it matches what was asked: a `subscribe` for this callback while it is
   * `subscribing` with this topic becomes `active` with the new lease, due again at `renewAt`; an `unsubscribe` while
   * it is `unsubscribing` with this topic deletes the row. Returns false (and changes nothing) otherwise.
   */
  verify(
    callbackId: string,
    mode: 'subscribe' | 'unsubscribe',
    topicUrl: string,
    lease: { expiresAt: number; renewAt: number },
    now: number,
  ): Promise<boolean>;
  /**
   * Falls back to polling in one write: the subscription becomes `failed` (lease dropped, retried at `retryAt`), and
   * the feed is due for a poll at `now` unless it already is sooner.
   */
  fail(feedId: number, failure: { error: string; retryAt: number }, now: number): Promise<void>;
  /** Deletes the subscription (unsubscribed, or given up for a feed nobody follows). */
  remove(feedId: number): Promise<void>;
}

function toRow(r: Selectable<WebSubSubscriptionsTable>): WebSubRow {
  return {
    feedId: Number(r.feed_id),
    callbackId: r.callback_id,
    hubUrl: r.hub_url,
    topicUrl: r.topic_url,
    secret: r.secret,
    state: r.state as WebSubState,
    requestedAt: r.requested_at === null ? null : Number(r.requested_at),
    leaseExpiresAt: r.lease_expires_at === null ? null : Number(r.lease_expires_at),
    dueAt: Number(r.due_at),
    lastError: r.last_error,
    updatedAt: Number(r.updated_at),
  };
}

export function createKyselyWebSubRepository({ db, write }: StoreContext): WebSubRepository {
  return {
    async get(feedId) {
      const row = await db
        .selectFrom('websub_subscriptions')
        .selectAll()
        .where('feed_id', '=', feedId)
        .executeTakeFirst();
      return row ? toRow(row) : null;
    },

    async byCallback(callbackId) {
      const row = await db
        .selectFrom('websub_subscriptions')
        .selectAll()
        .where('callback_id', '=', callbackId)
        .executeTakeFirst();
      return row ? toRow(row) : null;
    },

    async discover(feedId, link, fresh, now) {
      return write(async (tx) => {
        const existing = await tx
          .selectFrom('websub_subscriptions')
          .selectAll()
          .where('feed_id', '=', feedId)
          .executeTakeFirst();
        if (!link) {
          if (existing) await tx.deleteFrom('websub_subscriptions').where('feed_id', '=', feedId).execute();
          return null;
        }
        if (existing && existing.hub_url === link.hubUrl && existing.topic_url === link.topicUrl)
          return toRow(existing);
        const values = {
          callback_id: fresh.callbackId,
          hub_url: link.hubUrl,
          topic_url: link.topicUrl,
          secret: fresh.secret,
          state: 'new',
          requested_at: null,
          lease_expires_at: null,
          due_at: now,
          last_error: null,
          updated_at: now,
        };
        const row = existing
          ? await tx
              .updateTable('websub_subscriptions')
              .set(values)
              .where('feed_id', '=', feedId)
              .returningAll()
              .executeTakeFirstOrThrow()
          : await tx
              .insertInto('websub_subscriptions')
              .values({ feed_id: feedId, ...values })
              .returningAll()
              .executeTakeFirstOrThrow();
        return toRow(row);
      });
    },

    async due(now, limit) {
      if (limit <= 0) return [];
      // `wanted`: the feed is followed (an active subscription) and not disabled, as polling requires.
      const withWanted = db
        .selectFrom('websub_subscriptions as w')
        .selectAll('w')
        .select(({ exists, selectFrom }) =>
          exists(
            selectFrom('subscriptions')
              .innerJoin('feeds', 'feeds.id', 'subscriptions.feed_id')
              .select(sql.lit(1).as('one'))
              .whereRef('subscriptions.feed_id', '=', 'w.feed_id')
              .where('subscriptions.paused_at', 'is', null)
              .where('feeds.disabled_at', 'is', null),
          ).as('wanted'),
        )
        .as('x');
      const rows = await db
        .selectFrom(withWanted)
        .selectAll('x')
        .where((eb) =>
          eb.or([
            eb('x.due_at', '<=', now),
            eb.and([eb('x.state', 'in', ['active', 'subscribing']), eb.not(eb.ref('x.wanted'))]),
          ]),
        )
        .orderBy('x.due_at')
        .orderBy('x.feed_id')
        .limit(limit)
        .execute();
      return rows.map(({ wanted, ...r }) => ({ ...toRow(r), wanted: Boolean(Number(wanted)) }));
    },

    async markRequested(feedId, mode, now, dueAt) {
      await db
        .updateTable('websub_subscriptions')
        .set({
          state: mode === 'subscribe' ? 'subscribing' : 'unsubscribing',
          requested_at: now,
          due_at: dueAt,
          updated_at: now,
        })
        .where('feed_id', '=', feedId)
        .execute();
    },

    async verify(callbackId, mode, topicUrl, lease, now) {
      if (mode === 'unsubscribe') {
        const deleted = await db
          .deleteFrom('websub_subscriptions')
          .where('callback_id', '=', callbackId)
          .where('topic_url', '=', topicUrl)
          .where('state', '=', 'unsubscribing')
          .executeTakeFirst();
        return Number(deleted.numDeletedRows) > 0;
      }
      const updated = await db
        .updateTable('websub_subscriptions')
        .set({
          state: 'active',
          lease_expires_at: lease.expiresAt,
          due_at: lease.renewAt,
          requested_at: null,
          last_error: null,
          updated_at: now,
        })
        .where('callback_id', '=', callbackId)
        .where('topic_url', '=', topicUrl)
        .where('state', '=', 'subscribing')
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    },

    async fail(feedId, { error, retryAt }, now) {
      await write(async (tx) => {
        await tx
          .updateTable('websub_subscriptions')
          .set({
            state: 'failed',
            lease_expires_at: null,
            requested_at: null,
            due_at: retryAt,
            last_error: error.slice(0, 500),
            updated_at: now,
          })
          .where('feed_id', '=', feedId)
          .execute();
        await tx
          .updateTable('feeds')
          .set({ next_poll_at: now })
          .where('id', '=', feedId)
          .where('next_poll_at', '>', now)
          .execute();
      });
    },

    async remove(feedId) {
      await db.deleteFrom('websub_subscriptions').where('feed_id', '=', feedId).execute();
    },
  };
}
