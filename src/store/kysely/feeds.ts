import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { StoreContext } from './context.js';
import { toFeed } from './rows.js';

type FeedMethods = Pick<
  Store,
  'upsertFeed' | 'getFeed' | 'getFeedByUrl' | 'claimDueFeeds' | 'recordPollSuccess' | 'recordPollFailure'
>;

/** Feed registry and poll scheduling. */
export function feedMethods({ db, dialect, write }: StoreContext): FeedMethods {
  const getFeedByUrl = async (url: string) => {
    const row = await db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
    return row ? toFeed(row) : null;
  };

  return {
    async upsertFeed(feed) {
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
      const existing = await getFeedByUrl(feed.url);
      if (!existing) throw new Error(`feed ${feed.url} vanished during upsert`);
      return existing;
    },

    async getFeed(id) {
      const row = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toFeed(row) : null;
    },

    getFeedByUrl,

    async claimDueFeeds(now, leaseUntil, limit) {
      if (limit <= 0) return [];
      return write(async (tx) => {
        let due = tx
          .selectFrom('feeds')
          .select('id')
          .where('disabled_at', 'is', null)
          .where('next_poll_at', '<=', now)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('subscriptions')
                .select(sql.lit(1).as('one'))
                .whereRef('subscriptions.feed_id', '=', 'feeds.id')
                .where('subscriptions.paused_at', 'is', null),
            ),
          )
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
          ...(result.intervalSeconds !== undefined && { interval_seconds: result.intervalSeconds }),
          ...(result.declaredMinIntervalSeconds !== undefined && {
            declared_min_interval_seconds: result.declaredMinIntervalSeconds,
          }),
        })
        .where('id', '=', feedId)
        .execute();
    },

    async recordPollFailure(feedId, error, nextPollAt, disable, now) {
      const row = await db
        .updateTable('feeds')
        .set((eb) => ({
          failure_count: eb('failure_count', '+', 1),
          last_error: error,
          next_poll_at: nextPollAt,
          ...(disable && { disabled_at: eb.fn.coalesce('disabled_at', eb.val(now)) }),
        }))
        .where('id', '=', feedId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new Error(`feed ${feedId} not found`);
      return toFeed(row);
    },
  };
}
