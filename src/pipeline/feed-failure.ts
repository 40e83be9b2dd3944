import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import { PostError } from '../discord/poster.js';
import { addressText, safeText } from '../discord/safe-text.js';
import type { FeedError } from '../feeds/errors.js';
import type { DisableNotice, FeedRow } from '../store/store.js';
import { failurePolicy } from './feed-failure-policy.js';
import { backoffPollAt } from './schedule.js';

/**
 * Records a failed poll: the error and its kind, the next attempt after an exponential backoff (never before the
 * server's Retry-After), and disables the feed when its failures in a row reach the limit for this kind of failure
 * ({@link failurePolicy}), telling its channels. Returns true when the feed is disabled.
 */
export async function recordFeedFailure(deps: Deps, feed: FeedRow, err: FeedError): Promise<boolean> {
  const now = deps.now();
  const policy = failurePolicy(err);
  const retryAt = Math.max(
    backoffPollAt(feed.intervalSeconds, feed.failureCount, now, policy.backoffFactor),
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

/** The notice a channel gets when a feed it follows is disabled: plain words, what happened and what to do. */
export function disableNoticeText(feed: Pick<FeedRow, 'id' | 'url' | 'title' | 'lastError' | 'failureCount'>): string {
  // The title and the error (which quotes what the feed server said) are outside text.
  const name = feed.title
    ? `**${safeText(feed.title, { oneLine: true, max: 100 })}** (${addressText(feed.url)})`
    : addressText(feed.url);
  return [
    feed.failureCount === 1
      ? `Herald stopped checking the feed ${name}: its server says it is gone for good.`
      : `Herald stopped checking the feed ${name}: it failed ${feed.failureCount} times in a row.`,
    `Last error: ${feed.lastError ? safeText(feed.lastError, { oneLine: true, max: 500 }) : 'unknown'}.`,
    `Nothing from it will be posted here until someone with Manage Server runs \`/feed retry feed:${feed.id}\`.`,
  ].join('\n');
}

/**
 * The nonce of a disable notice, from the feed id, the disabling time and the channel: Discord deduplicates nonces
 * per author across channels, so each channel's notice needs its own. 25 characters at most.
 */
export function disableNonce(notice: Pick<DisableNotice, 'feedId' | 'disabledAt' | 'channelId'>): string {
  const digest = createHash('sha256').update(`${notice.feedId}:${notice.disabledAt}:${notice.channelId}`).digest();
  return `fd${digest.toString('base64url').slice(0, 23)}`;
}

/**
 * Tells each channel following a disabled feed, once per disabling: each notice is recorded before it is posted, a
 * retry re-posts only the ones still pending, and the nonce makes Discord return the first post instead of a repeat.
 */
export async function sendDisableNotices(deps: Deps, feed: FeedRow): Promise<number> {
  if (feed.disabledAt === null) return 0;
  const pending = await deps.store.disableNotices.pending(feed.id, feed.disabledAt, deps.now());
  if (!deps.poster) {
    if (pending.length > 0) deps.log.warn({ feedId: feed.id, channels: pending.length }, 'feed disabled; no poster');
    return 0;
  }
  const content = disableNoticeText(feed);
  let sent = 0;
  for (const notice of pending) {
    try {
      const body = { content, allowed_mentions: { parse: [] } };
      const messageId = await deps.poster.post(notice.channelId, body, disableNonce(notice));
      await deps.store.disableNotices.mark(notice, 'sent', messageId);
      sent++;
    } catch (err) {
      if (!(err instanceof PostError)) throw err;
      // The REST client already retried 429s and 5xx: record it, so a later run does not post it a second time.
      await deps.store.disableNotices.mark(notice, 'failed', null);
      deps.log.warn({ feedId: feed.id, channelId: notice.channelId, kind: err.kind }, 'disable notice not posted');
    }
  }
  return sent;
}
