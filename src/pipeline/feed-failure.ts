import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import { disableNoticeText } from '../discord/feed-health.js';
import { PostError } from '../discord/poster.js';
import type { FeedError } from '../feeds/errors.js';
import { pickLocale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { DisableNotice, FeedRow } from '../store/store.js';
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
 * The nonce of a disable notice, from the feed id, the disabling time and the channel: Discord deduplicates nonces
 * per author across channels, so each channel's notice needs its own. 25 characters at most.
 */
export function disableNonce(notice: Pick<DisableNotice, 'feedId' | 'disabledAt' | 'channelId'>): string {
  const digest = createHash('sha256').update(`${notice.feedId}:${notice.disabledAt}:${notice.channelId}`).digest();
  return `fd${digest.toString('base64url').slice(0, 23)}`;
}

/**
 * Tells each channel following a disabled feed, once per disabling, in its server's language: each notice is recorded
 * before it is posted, a retry re-posts only the ones still pending, and the nonce makes Discord return the first post
 * instead of a repeat.
 */
export async function sendDisableNotices(deps: Deps, feed: FeedRow): Promise<number> {
  if (feed.disabledAt === null) return 0;
  const pending = await deps.store.pendingDisableNotices(feed.id, feed.disabledAt, deps.now());
  if (!deps.poster) {
    if (pending.length > 0) deps.log.warn({ feedId: feed.id, channels: pending.length }, 'feed disabled; no poster');
    return 0;
  }
  const languages = new Map<string, string | null>();
  let sent = 0;
  for (const notice of pending) {
    if (!languages.has(notice.guildId)) {
      languages.set(notice.guildId, (await deps.store.getGuildSettings(notice.guildId))?.language ?? null);
    }
    const t = messages(pickLocale(languages.get(notice.guildId)));
    const content = disableNoticeText({ feed, failures: feed.failureCount }, t);
    try {
      const body = { content, allowed_mentions: { parse: [] } };
      const messageId = await deps.poster.post(notice.channelId, body, disableNonce(notice));
      await deps.store.markDisableNotice(notice, 'sent', messageId);
      sent++;
    } catch (err) {
      if (!(err instanceof PostError)) throw err;
      // The REST client already retried 429s and 5xx: record it, so a later run does not post it a second time.
      await deps.store.markDisableNotice(notice, 'failed', null);
      deps.log.warn({ feedId: feed.id, channelId: notice.channelId, kind: err.kind }, 'disable notice not posted');
    }
  }
  return sent;
}
