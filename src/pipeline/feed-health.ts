import type { Deps } from '../deps.js';
import { addressText, safeText } from '../discord/safe-text.js';
import { UserError } from '../domain.js';
import type { FeedRow } from '../store/store.js';
import { FAILURE_POLICIES } from './feed-failure-policy.js';

/** Discord's limit for a message's content. */
const MAX_CONTENT = 2000;

/** The health of every feed the guild follows, by feed id. */
export function listFeedHealth(deps: Pick<Deps, 'store'>, guildId: string): Promise<FeedRow[]> {
  return deps.store.feeds.ofGuild(guildId);
}

const when = (ms: number, style: 'R' | 'f' = 'R') => `<t:${Math.floor(ms / 1000)}:${style}>`;
/** Feed titles and errors (which quote what a feed server said) are outside text. */
const clean = (text: string, max: number) => safeText(text, { oneLine: true, max });

/** One feed's entry in `/feed list`: name and address, then its state in plain words with Discord timestamps. */
export function describeFeedHealth(feed: FeedRow, now: number): string {
  const head = `**${feed.id}. ${clean(feed.title ?? 'Untitled feed', 100)}** ${addressText(feed.url)}`;
  const success =
    feed.lastSuccessAt === null ? 'never fetched successfully' : `last success ${when(feed.lastSuccessAt)}`;
  const error = feed.lastError
    ? `last error${feed.lastErrorKind ? ` (${feed.lastErrorKind})` : ''}: ${clean(feed.lastError, 160)}`
    : null;
  let state: string;
  if (feed.disabledAt !== null) {
    state = [
      `⛔ disabled ${when(feed.disabledAt)} after ${feed.failureCount} failures in a row`,
      error,
      success,
      `\`/feed retry feed:${feed.id}\` turns it back on`,
    ]
      .filter(Boolean)
      .join(' · ');
  } else if (feed.failureCount > 0) {
    state = [
      `⚠️ failing: ${feed.failureCount} of ${feed.failureLimit ?? FAILURE_POLICIES.transient.disableAfter} failures before it is disabled`,
      error,
      success,
      `next try ${when(Math.max(feed.nextPollAt, now))}`,
    ]
      .filter(Boolean)
      .join(' · ');
  } else {
    state = [
      `✅ ${success}`,
      `next poll ${when(Math.max(feed.nextPollAt, now))}`,
      `every ${minutes(feed.intervalSeconds)}`,
    ]
      .filter(Boolean)
      .join(' · ');
  }
  return `${head}\n${state}`;
}

function minutes(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The `/feed list` answer: each feed's entry, as many as fit in one message, and how many did not. */
export function renderFeedHealthList(feeds: readonly FeedRow[], now: number): string {
  if (feeds.length === 0) return 'This server follows no feed yet. Add one with `/feed add`.';
  const header = `**Feeds of this server** (${feeds.length})`;
  let out = header;
  for (const [i, feed] of feeds.entries()) {
    const entry = `\n\n${describeFeedHealth(feed, now)}`;
    const rest = feeds.length - i;
    const more = `\n\n…and ${rest} more.`;
    if (out.length + entry.length + (rest > 1 ? more.length : 0) > MAX_CONTENT) return `${out}${more}`;
    out += entry;
  }
  return out;
}

/**
 * Turns a feed of this guild back on and makes it due at once (the next scheduler tick polls it). `ref` is the
 * feed's number from `/feed list` or its URL; a feed no channel of this guild follows is refused, like one that does
 * not exist.
 */
export async function retryGuildFeed(
  deps: Pick<Deps, 'store' | 'now'>,
  guildId: string,
  ref: string,
): Promise<FeedRow> {
  const feeds = await deps.store.feeds.ofGuild(guildId);
  const wanted = ref.trim();
  const feed = /^\d+$/.test(wanted)
    ? feeds.find((f) => f.id === Number(wanted))
    : feeds.find((f) => f.url === wanted || f.url === safeHref(wanted));
  if (!feed) throw new UserError('noFeedMatch');
  await deps.store.feeds.retry(feed.id, deps.now());
  return (await deps.store.feeds.get(feed.id)) ?? feed;
}

function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}
