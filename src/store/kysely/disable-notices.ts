import type { StoreContext } from './context.js';

/** A "this feed was disabled" notice to one channel. */
export interface DisableNotice {
  feedId: number;
  disabledAt: number;
  channelId: string;
  guildId: string;
  state: 'pending' | 'sent' | 'failed';
}

/**
 * The notices that tell each channel following a feed that it was disabled: recorded before they are posted, so a
 * retry posts only the ones still pending.
 */
export interface DisableNoticeRepository {
  /**
   * Records a pending notice for each channel with an active subscription to the feed for the disabling at
   * `disabledAt` (none twice), and returns the notices of that disabling still pending, by channel id.
   */
  pending(feedId: number, disabledAt: number, now: number): Promise<DisableNotice[]>;
  /** Records how posting the notice went: `sent` with its message id, or `failed` (it is not tried again). */
  mark(notice: DisableNotice, state: 'sent' | 'failed', messageId: string | null): Promise<void>;
}

export function createKyselyDisableNoticeRepository({ db, write }: StoreContext): DisableNoticeRepository {
  return {
    async pending(feedId, disabledAt, now) {
      return write(async (tx) => {
        const subs = await tx
          .selectFrom('subscriptions')
          .select(['channel_id', 'guild_id'])
          .where('feed_id', '=', feedId)
          .where('paused_at', 'is', null)
          .orderBy('id')
          .execute();
        if (subs.length > 0) {
          await tx
            .insertInto('feed_disable_notices')
            .values(
              subs.map((s) => ({
                feed_id: feedId,
                disabled_at: disabledAt,
                channel_id: s.channel_id,
                guild_id: s.guild_id,
                state: 'pending',
                message_id: null,
                created_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(['feed_id', 'disabled_at', 'channel_id']).doNothing())
            .execute();
        }
        const rows = await tx
          .selectFrom('feed_disable_notices')
          .selectAll()
          .where('feed_id', '=', feedId)
          .where('disabled_at', '=', disabledAt)
          .where('state', '=', 'pending')
          .orderBy('channel_id')
          .execute();
        return rows.map(
          (r): DisableNotice => ({
            feedId: r.feed_id,
            disabledAt: r.disabled_at,
            channelId: r.channel_id,
            guildId: r.guild_id,
            state: 'pending',
          }),
        );
      });
    },

    async mark(notice, state, messageId) {
      await db
        .updateTable('feed_disable_notices')
        .set({ state, message_id: messageId })
        .where('feed_id', '=', notice.feedId)
        .where('disabled_at', '=', notice.disabledAt)
        .where('channel_id', '=', notice.channelId)
        .execute();
    },
  };
}
