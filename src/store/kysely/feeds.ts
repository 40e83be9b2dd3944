import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { Database, FeedsTable } from '../schema.js';
import type { StoreContext } from './context.js';

/** A feed Herald polls, with its schedule and health (what `/feed list` shows). */
export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  siteLink: string | null;
  language: string | null;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last body parsed, to skip re-parsing an unchanged 200. */
  bodyHash: string | null;
  intervalSeconds: number;
  nextPollAt: number;
  /** Null until the first successful poll (which marks every item seen and posts nothing). */
  lastPolledAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  /** `FeedErrorKind` of the last failure, null after a success. */
  lastErrorKind: string | null;
  failureCount: number;
  /** Failures in a row that disable the feed, set by the kind of its last failure; null while it is healthy. */
  failureLimit: number | null;
  disabledAt: number | null;
  /** The interval set for this feed alone (`/feed` settings); null: the default. */
  intervalOverrideSeconds: number | null;
  /** The shortest interval the feed declared (`<ttl>`, `sy:updatePeriod`); null: none. */
  declaredMinIntervalSeconds: number | null;
  /** Typical gap between the feed's new items, seconds; null until two have been seen. */
  cadenceSeconds: number | null;
  /** When the newest item seen appeared (publication time, or first seen when undated); null before any. */
  lastItemAt: number | null;
  /** When the item before the newest appeared; null before two. */
  previousItemAt: number | null;
  createdAt: number;
}

/** What adaptive polling weighs of one feed that is polled: its cadence and the intervals it must keep. */
export interface FeedPollDemand {
  url: string;
  cadenceSeconds: number | null;
  lastItemAt: number | null;
  previousItemAt: number | null;
  intervalOverrideSeconds: number | null;
  declaredMinIntervalSeconds: number | null;
  /** A WebSub hub pushes its items (an active subscription): it is polled at the safety interval only. */
  pushed: boolean;
}

export interface NewFeed {
  url: string;
  title: string | null;
  siteLink: string | null;
  language: string | null;
  intervalSeconds: number;
  nextPollAt: number;
}

export interface PollSuccess {
  title: string | null;
  siteLink: string | null;
  language: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  polledAt: number;
  nextPollAt: number;
  /** The interval the feed was polled at; absent: unchanged. */
  intervalSeconds?: number;
  /** The shortest interval the feed declared (`<ttl>`, `sy:updatePeriod`); absent: unchanged, null: none. */
  declaredMinIntervalSeconds?: number | null;
  /** The feed's publishing cadence after this poll; absent: unchanged. */
  cadence?: { cadenceSeconds: number | null; lastItemAt: number | null; previousItemAt: number | null };
}

export interface PollFailure {
  error: string;
  /** The `FeedErrorKind` of the error. */
  kind: string;
  nextPollAt: number;
  /**
   * Failures in a row that disable the feed, for the kind of this failure: the feed is disabled when its count,
   * this failure included, reaches it (decided in the same write, so concurrent polls cannot both miss it). The
   * first disabling time is kept.
   */
  failureLimit: number;
  /** When the poll failed: the disabling time when this failure disables the feed. */
  failedAt: number;
}

/** The feeds Herald polls: registry, poll schedule and outcome. */
export interface FeedRepository {
  /** Inserts the feed, or returns the existing row for the same URL unchanged. */
  upsert(feed: NewFeed): Promise<FeedRow>;
  get(id: number): Promise<FeedRow | null>;
  byUrl(url: string): Promise<FeedRow | null>;
  /** Every feed the guild subscribes to (paused subscriptions included), by feed id. */
  ofGuild(guildId: string): Promise<FeedRow[]>;
  /**
   * Feeds (not disabled, with at least one active subscription) whose `nextPollAt <= now`, oldest due first, at most
   * `limit`. Each returned feed's `nextPollAt` is pushed to `leaseUntil` in the same transaction, so a second tick does
   * not return it again while its poll is in flight; concurrent callers (several workers) get disjoint sets.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<FeedRow[]>;
  /**
   * The cadence and interval bounds of every feed `claimDue` may return (not disabled, with an active subscription),
   * in no particular order: what the poll budget is shared among.
   */
  pollDemand(): Promise<FeedPollDemand[]>;
  /**
   * Records a successful poll (200 or 304): stores the validators as given, clears `failureCount`, `lastError` and
   * `lastErrorKind`, sets `lastPolledAt`/`lastSuccessAt` to `polledAt`. A null `title`, `siteLink` or `language` keeps
   * the stored value (a 304 carries no feed metadata).
   */
  recordPollSuccess(feedId: number, result: PollSuccess): Promise<void>;
  /**
   * Records a failed poll in one write: increments `failureCount`, stores the error and its kind, sets the next poll,
   * and disables the feed when `disable` is true (keeping the first `disabledAt`). Leaves `lastPolledAt` alone, since
   * it marks the first successful poll. Returns the updated row; throws for an unknown feed.
   */
  recordPollFailure(feedId: number, failure: PollFailure): Promise<FeedRow>;
  /** Re-enables a feed, clears its failure count, and makes it due at `now`. */
  retry(feedId: number, now: number): Promise<void>;
  /** Sets the per-feed interval (null: the default) and makes it due within that interval. */
  setIntervalOverride(feedId: number, seconds: number | null): Promise<void>;
}

function toFeed(r: Selectable<FeedsTable>): FeedRow {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    siteLink: r.site_link,
    language: r.language,
    etag: r.etag,
    lastModified: r.last_modified,
    bodyHash: r.body_hash,
    intervalSeconds: r.interval_seconds,
    nextPollAt: r.next_poll_at,
    lastPolledAt: r.last_polled_at,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error,
    lastErrorKind: r.last_error_kind,
    failureCount: r.failure_count,
    failureLimit: r.failure_limit,
    disabledAt: r.disabled_at,
    intervalOverrideSeconds: r.interval_override_seconds,
    declaredMinIntervalSeconds: r.declared_min_interval_seconds,
    cadenceSeconds: r.cadence_seconds,
    lastItemAt: r.last_item_at,
    previousItemAt: r.previous_item_at,
    createdAt: r.created_at,
  };
}

/** A feed is polled while a channel follows it and has not paused. */
function hasActiveSubscription({ exists, selectFrom }: ExpressionBuilder<Database, 'feeds'>) {
  return exists(
    selectFrom('subscriptions')
      .select(sql.lit(1).as('one'))
      .whereRef('subscriptions.feed_id', '=', 'feeds.id')
      .where('subscriptions.paused_at', 'is', null),
  );
}

export function createKyselyFeedRepository({ db, dialect, write }: StoreContext): FeedRepository {
  const byUrl = async (url: string) => {
    const row = await db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
    return row ? toFeed(row) : null;
  };

  return {
    async upsert(feed) {
      const inserted = await db
        .insertInto('feeds')
        .values({
          url: feed.url,
          title: feed.title,
          site_link: feed.siteLink,
          language: feed.language,
          interval_seconds: feed.intervalSeconds,
          next_poll_at: feed.nextPollAt,
          etag: null,
          last_modified: null,
          body_hash: null,
          last_polled_at: null,
          last_success_at: null,
          last_error: null,
          disabled_at: null,
          // NewFeed carries no clock reading; createdAt is informational only.
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.column('url').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return toFeed(inserted);
      // Feeds are never deleted by the store, so the conflicting row is there to read.
      const existing = await byUrl(feed.url);
      if (!existing) throw new Error(`feed ${feed.url} vanished during upsert`);
      return existing;
    },

    async get(id) {
      const row = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toFeed(row) : null;
    },

    byUrl,

    async ofGuild(guildId) {
      const rows = await db
        .selectFrom('feeds')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb.selectFrom('subscriptions').select('subscriptions.feed_id').where('subscriptions.guild_id', '=', guildId),
        )
        .orderBy('id')
        .execute();
      return rows.map(toFeed);
    },

    async claimDue(now, leaseUntil, limit) {
      if (limit <= 0) return [];
      return write(async (tx) => {
        let due = tx
          .selectFrom('feeds')
          .select('id')
          .where('disabled_at', 'is', null)
          .where('next_poll_at', '<=', now)
          .where(hasActiveSubscription)
          .orderBy('next_poll_at')
          .orderBy('id')
          .limit(limit);
        // A concurrent claimer skips the rows this one holds; once this commits, PostgreSQL re-checks
        // `next_poll_at <= now` on the new row version and the other claimer drops them too.
        if (dialect === 'postgres') due = due.forUpdate().skipLocked();
        const ids = (await due.execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        const rows = await tx
          .updateTable('feeds')
          .set({ next_poll_at: leaseUntil })
          .where('id', 'in', ids)
          .returningAll()
          .execute();
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.flatMap((id) => {
          const row = byId.get(id);
          return row ? [toFeed(row)] : [];
        });
      });
    },

    async pollDemand() {
      const rows = await db
        .selectFrom('feeds')
        .select([
          'url',
          'cadence_seconds',
          'last_item_at',
          'previous_item_at',
          'interval_override_seconds',
          'declared_min_interval_seconds',
        ])
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('websub_subscriptions as w')
                .select('w.feed_id')
                .whereRef('w.feed_id', '=', 'feeds.id')
                .where('w.state', '=', 'active'),
            )
            .as('pushed'),
        )
        .where('disabled_at', 'is', null)
        .where(hasActiveSubscription)
        .execute();
      return rows.map((r) => ({
        url: r.url,
        cadenceSeconds: r.cadence_seconds,
        lastItemAt: r.last_item_at,
        previousItemAt: r.previous_item_at,
        intervalOverrideSeconds: r.interval_override_seconds,
        declaredMinIntervalSeconds: r.declared_min_interval_seconds,
        pushed: Boolean(r.pushed),
      }));
    },

    async recordPollSuccess(feedId, result) {
      await db
        .updateTable('feeds')
        .set({
          // A 304 carries no feed metadata: keep what we know rather than erase it.
          ...(result.title !== null && { title: result.title }),
          ...(result.siteLink !== null && { site_link: result.siteLink }),
          ...(result.language !== null && { language: result.language }),
          etag: result.etag,
          last_modified: result.lastModified,
          body_hash: result.bodyHash,
          last_polled_at: result.polledAt,
          last_success_at: result.polledAt,
          next_poll_at: result.nextPollAt,
          last_error: null,
          last_error_kind: null,
          failure_count: 0,
          failure_limit: null,
          ...(result.intervalSeconds !== undefined && { interval_seconds: result.intervalSeconds }),
          ...(result.declaredMinIntervalSeconds !== undefined && {
            declared_min_interval_seconds: result.declaredMinIntervalSeconds,
          }),
          ...(result.cadence !== undefined && {
            cadence_seconds: result.cadence.cadenceSeconds,
            last_item_at: result.cadence.lastItemAt,
            previous_item_at: result.cadence.previousItemAt,
          }),
        })
        .where('id', '=', feedId)
        .execute();
    },

    async recordPollFailure(feedId, { error, kind, nextPollAt, failureLimit, failedAt }) {
      const row = await db
        .updateTable('feeds')
        .set((eb) => ({
          failure_count: eb('failure_count', '+', 1),
          failure_limit: failureLimit,
          last_error: error,
          last_error_kind: kind,
          next_poll_at: nextPollAt,
          disabled_at: eb
            .case()
            .when(eb('failure_count', '+', 1), '>=', failureLimit)
            .then(eb.fn.coalesce('disabled_at', eb.val(failedAt)))
            .else(eb.ref('disabled_at'))
            .end(),
        }))
        .where('id', '=', feedId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new Error(`feed ${feedId} not found`);
      return toFeed(row);
    },

    async retry(feedId, now) {
      await db
        .updateTable('feeds')
        .set({ disabled_at: null, failure_count: 0, failure_limit: null, next_poll_at: now })
        .where('id', '=', feedId)
        .execute();
    },

    async setIntervalOverride(feedId, seconds) {
      await db
        .updateTable('feeds')
        .set((eb) => ({
          interval_override_seconds: seconds,
          ...(seconds !== null && { interval_seconds: seconds }),
          // Due within the new interval, so lowering it takes effect now rather than after the old one ran out.
          ...(seconds !== null && {
            next_poll_at: sql<number>`case when ${eb.ref('next_poll_at')} > coalesce(${eb.ref('last_polled_at')}, 0) + ${seconds * 1000} then coalesce(${eb.ref('last_polled_at')}, 0) + ${seconds * 1000} else ${eb.ref('next_poll_at')} end`,
          }),
        }))
        .where('id', '=', feedId)
        .execute();
    },
  };
}
