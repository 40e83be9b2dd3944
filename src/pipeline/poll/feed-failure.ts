import type { Deps } from '../../deps.js';
import type { FeedError } from '../../feeds/errors.js';
import type { FeedRow } from '../../store/store.js';
import { failurePolicy } from './feed-failure-policy.js';
import { effectiveInterval } from './feed-interval.js';
import { backoffPollAt } from './schedule.js';

/**
 * Records a failed poll: the error and its kind, the next attempt after an exponential backoff (never before the
 * server's Retry-After), and disables the feed when its failures in a row reach the limit for this kind of failure
 * ({@link failurePolicy}), telling its channels. Returns true when the feed is disabled.
 */
export async function recordFeedFailure(deps: Deps, feed: FeedRow, err: FeedError): Promise<boolean> {
  const now = deps.now();
  const policy = failurePolicy(err);
  // Backoff grows from the feed's fixed interval, not the adaptive one: a failing feed is not news arriving faster.
  const base = effectiveInterval(deps.config, {
    override: feed.intervalOverrideSeconds,
    declaredMin: feed.declaredMinIntervalSeconds,
  });
  const retryAt = Math.max(
    backoffPollAt(base, feed.failureCount, now, policy.backoffFactor),
    now + (err.retryAfterSeconds ?? 0) * 1000,
  );
  const updated = await deps.store.feeds.recordPollFailure(feed.id, {
    error: err.message,
    kind: err.kind,
    nextPollAt: retryAt,
    failureLimit: policy.disableAfter,
    failedAt: now,
  });
  deps.metrics.feedFailures.inc({ kind: err.kind });
  const { failureCount: failures, disabledAt } = updated;
  deps.log.warn(
    { feedId: feed.id, kind: err.kind, status: err.status, failures, disabled: disabledAt !== null },
    'feed poll failed',
  );
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
  const pending = await deps.store.disableNotices.pending(feed.id, feed.disabledAt, deps.now());
  if (!deps.publisher) {
    if (pending.length > 0) deps.log.warn({ feedId: feed.id, channels: pending.length }, 'feed disabled; no publisher');
    return 0;
  }
  const languages = new Map<string, string | null>();
  let sent = 0;
  for (const notice of pending) {
    if (!languages.has(notice.guildId)) {
      languages.set(notice.guildId, (await deps.store.guilds.get(notice.guildId))?.language ?? null);
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
      await deps.store.disableNotices.mark(notice, 'sent', outcome.messageId);
      sent++;
    } else {
      // The publisher already retried what could be retried: record it, so a later run does not post it a second time.
      await deps.store.disableNotices.mark(notice, 'failed', null);
      deps.log.warn(
        { feedId: feed.id, channelId: notice.channelId, outcome: outcome.status },
        'disable notice not posted',
      );
    }
  }
  return sent;
}
