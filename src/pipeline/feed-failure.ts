import type { Deps } from '../deps.js';
import type { FeedError } from '../feeds/errors.js';
import type { FeedRow } from '../store/store.js';
import { backoffPollAt } from './schedule.js';

/** Consecutive failures after which a feed is disabled (MonitoRSS uses the same threshold). */
export const DISABLE_AFTER_FAILURES = 11;

/**
 * Records a failed poll: the error and its kind, the next attempt after an exponential backoff (the feed's interval
 * × 2^failures, at most a day, never before the server's Retry-After), and disables the feed at the
 * {@link DISABLE_AFTER_FAILURES}th failure in a row, telling its channels. Returns true when the feed is disabled.
 */
export async function recordFeedFailure(deps: Deps, feed: FeedRow, err: FeedError): Promise<boolean> {
  const now = deps.now();
  const failures = feed.failureCount + 1;
  const disable = failures >= DISABLE_AFTER_FAILURES;
  const retryAt = Math.max(
    backoffPollAt(feed.intervalSeconds, feed.failureCount, now),
    now + (err.retryAfterSeconds ?? 0) * 1000,
  );
  const updated = await deps.store.recordPollFailure(feed.id, err.message, retryAt, disable, now);
  await deps.store.setFeedErrorKind(feed.id, err.kind);
  deps.metrics.feedFailures.inc({ kind: err.kind });
  deps.log.warn({ feedId: feed.id, kind: err.kind, status: err.status, failures, disable }, 'feed poll failed');
  if (updated.disabledAt !== null) await sendDisableNotices(deps, updated);
  return updated.disabledAt !== null;
}

/**
 * Tells each channel following a disabled feed, once per disabling, in its server's language: each notice is recorded
 * before it is published, a retry re-publishes only the ones still pending, and the publisher makes a repeat of the
 * same notice come back as the first one instead of a second message.
 */
export async function sendDisableNotices(deps: Deps, feed: FeedRow): Promise<number> {
  if (feed.disabledAt === null) return 0;
  const pending = await deps.store.pendingDisableNotices(feed.id, feed.disabledAt, deps.now());
  if (!deps.publisher) {
    if (pending.length > 0) deps.log.warn({ feedId: feed.id, channels: pending.length }, 'feed disabled; no publisher');
    return 0;
  }
  const languages = new Map<string, string | null>();
  let sent = 0;
  for (const notice of pending) {
    if (!languages.has(notice.guildId)) {
      languages.set(notice.guildId, (await deps.store.getGuildSettings(notice.guildId))?.language ?? null);
    }
    const outcome = await deps.publisher.announceFeedDisabled({
      guildId: notice.guildId,
      channelId: notice.channelId,
      feed,
      disabledAt: notice.disabledAt,
      failures: feed.failureCount,
      language: languages.get(notice.guildId) ?? null,
    });
    if (outcome.status === 'delivered') {
      await deps.store.markDisableNotice(notice, 'sent', outcome.messageId);
      sent++;
    } else {
      // The publisher already retried what could be retried: record it, so a later run does not post it a second time.
      await deps.store.markDisableNotice(notice, 'failed', null);
      deps.log.warn(
        { feedId: feed.id, channelId: notice.channelId, outcome: outcome.status },
        'disable notice not posted',
      );
    }
  }
  return sent;
}
