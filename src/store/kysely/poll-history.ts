import type { Selectable } from 'kysely';
import type { PollHistoryTable } from '../schema.js';
import type { StoreContext } from './context.js';

/** How a poll went: a 200 (parsed or unchanged), a 304, or a failure. */
export type PollStatus = 'ok' | 'not-modified' | 'failed';

/** One poll of a feed, as `/feed history` shows it. */
export interface PollRecord {
  feedId: number;
  polledAt: number;
  status: PollStatus;
  /** HTTP status of the answer, when one came (a timeout or a refused address has none). */
  httpStatus: number | null;
  /** Body size in bytes, when a body was read. */
  bytes: number | null;
  durationMs: number;
  /** Items stored as new by this poll. */
  newItems: number;
  /** The failure's kind (`http`, `timeout`, …; any string, so a new kind needs no change here); null after a success. */
  errorKind: string | null;
  /** The failure in one English line; null after a success. */
  error: string | null;
}

/** Polls kept per feed; older ones are pruned when a new one is recorded. */
export const POLL_HISTORY_KEEP = 50;

/** The record of each feed's recent polls. */
export interface PollHistoryRepository {
  /** Records a poll and drops the feed's polls older than its newest {@link POLL_HISTORY_KEEP}, this one included. */
  record(poll: PollRecord): Promise<void>;
  /** The feed's newest polls, newest first, at most `limit`. */
  recent(feedId: number, limit: number): Promise<PollRecord[]>;
}

function toRecord(r: Selectable<PollHistoryTable>): PollRecord {
  return {
    feedId: r.feed_id,
    polledAt: r.polled_at,
    status: r.status as PollStatus,
    httpStatus: r.http_status,
    bytes: r.bytes,
    durationMs: r.duration_ms,
    newItems: r.new_items,
    errorKind: r.error_kind,
    error: r.error,
  };
}

export function createKyselyPollHistoryRepository({ db }: StoreContext): PollHistoryRepository {
  return {
    async record(poll) {
      // Two statements and no transaction: polls of one feed never overlap (the scheduler's lease), and a poll's
      // write must cost little next to the three queries of a 304.
      await db
        .insertInto('poll_history')
        .values({
          feed_id: poll.feedId,
          polled_at: poll.polledAt,
          status: poll.status,
          http_status: poll.httpStatus,
          bytes: poll.bytes,
          duration_ms: Math.max(0, Math.round(poll.durationMs)),
          new_items: poll.newItems,
          error_kind: poll.errorKind,
          // An error quotes what a feed server said: bounded like the feed's own last error.
          error: poll.error === null ? null : poll.error.slice(0, 1000),
        })
        .execute();
      // Everything older than the newest KEEP; nothing while the feed has fewer (the subquery is then null).
      await db
        .deleteFrom('poll_history')
        .where('feed_id', '=', poll.feedId)
        .where('id', '<=', (eb) =>
          eb
            .selectFrom('poll_history')
            .select('id')
            .where('feed_id', '=', poll.feedId)
            .orderBy('id', 'desc')
            .limit(1)
            .offset(POLL_HISTORY_KEEP),
        )
        .execute();
    },

    async recent(feedId, limit) {
      if (limit <= 0) return [];
      const rows = await db
        .selectFrom('poll_history')
        .selectAll()
        .where('feed_id', '=', feedId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
  };
}
