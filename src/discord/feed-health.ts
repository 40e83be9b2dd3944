import type { Catalogue } from '../i18n/messages.js';
import type { FeedRow } from '../store/store.js';
import { addressText, safeText } from './safe-text.js';

/** Discord's limit for a message's content. */
const MAX_CONTENT = 2000;

/** A Discord timestamp: every reader's client shows it in their own time zone and language. */
const when = (ms: number) => `<t:${Math.floor(ms / 1000)}:R>`;
/** Feed titles and errors (which quote what a feed server said) are outside text. */
const clean = (text: string, max: number) => safeText(text, { oneLine: true, max });

/**
 * What `/feed list` needs besides the feeds: the time now, and the failures in a row that disable a feed whose row
 * has no limit of its own (one recorded before its limit was).
 */
export interface FeedHealthContext {
  now: number;
  disableAfter: number;
}

/** One feed's entry in `/feed list`: name and address, then its state in words, with Discord timestamps. */
export function describeFeedHealth(feed: FeedRow, { now, disableAfter }: FeedHealthContext, t: Catalogue): string {
  const head = `**${feed.id}. ${clean(feed.title ?? t.feedHealthUntitled(), 100)}** ${addressText(feed.url)}`;
  const success =
    feed.lastSuccessAt === null
      ? t.feedHealthNeverFetched()
      : t.feedHealthLastSuccess({ when: when(feed.lastSuccessAt) });
  // A site that blocks bots gets what to do about it, in the reader's language, instead of the English log line.
  const errorText = feed.lastErrorKind === 'blocked' ? t.feedHealthBlockedHint() : clean(feed.lastError ?? '', 160);
  const error = feed.lastError ? t.feedHealthLastError({ kind: feed.lastErrorKind, error: errorText }) : null;
  let state: Array<string | null>;
  if (feed.disabledAt !== null) {
    state = [
      t.feedHealthDisabled({ when: when(feed.disabledAt), failures: feed.failureCount }),
      error,
      success,
      t.feedHealthRetryHint({ id: feed.id }),
    ];
  } else if (feed.failureCount > 0) {
    state = [
      t.feedHealthFailing({ failures: feed.failureCount, limit: feed.failureLimit ?? disableAfter }),
      error,
      success,
      t.feedHealthNextTry({ when: when(Math.max(feed.nextPollAt, now)) }),
    ];
  } else {
    state = [
      t.feedHealthOk({ success }),
      t.feedHealthNextPoll({ when: when(Math.max(feed.nextPollAt, now)) }),
      t.feedHealthEvery({ seconds: feed.intervalSeconds }),
      feed.intervalOverrideSeconds !== null ? t.feedHealthOverride() : null,
    ];
  }
  return `${head}\n${state.filter(Boolean).join(' · ')}`;
}

/** The `/feed list` answer: each feed's entry, as many as fit in one message, and how many did not. */
export function renderFeedHealthList(feeds: readonly FeedRow[], context: FeedHealthContext, t: Catalogue): string {
  if (feeds.length === 0) return t.feedHealthNone();
  let out = t.feedHealthTitle({ count: feeds.length });
  for (const [i, feed] of feeds.entries()) {
    const entry = `\n\n${describeFeedHealth(feed, context, t)}`;
    const rest = feeds.length - i;
    const more = `\n\n${t.feedHealthMore({ count: rest })}`;
    if (out.length + entry.length + (rest > 1 ? more.length : 0) > MAX_CONTENT) return `${out}${more}`;
    out += entry;
  }
  return out;
}

/** The notice a channel gets when a feed it follows is disabled: plain words, what happened and what to do. */
export function disableNoticeText(
  notice: {
    feed: { id: number; url: string; title: string | null; lastError: string | null; lastErrorKind?: string | null };
    failures: number;
  },
  t: Catalogue,
): string {
  const { feed } = notice;
  const name = feed.title ? `**${clean(feed.title, 100)}** (${addressText(feed.url)})` : addressText(feed.url);
  const blocked = feed.lastErrorKind === 'blocked';
  return t.noticeFeedDisabled({
    feed: name,
    failures: notice.failures,
    error: feed.lastError ? (blocked ? t.feedHealthBlockedHint() : clean(feed.lastError, 500)) : null,
    id: feed.id,
  });
}
