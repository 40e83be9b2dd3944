import type { Catalogue } from '../i18n/messages.js';
import type { ChannelVerdict, WhyReport } from '../ports/feed-why.js';
import type { FeedRow, PollRecord } from '../store/store.js';
import { addressText, safeText } from './safe-text.js';

/** Discord's limit for a message's content. */
const MAX_CONTENT = 2000;

/** A Discord timestamp: every reader's client shows it in their own time zone and language. */
const when = (ms: number) => `<t:${Math.floor(ms / 1000)}:R>`;
/** Feed titles, errors and reasons quote what a feed server or Discord said: outside text. */
const clean = (text: string, max: number) => safeText(text, { oneLine: true, max });
const feedName = (feed: FeedRow) => clean(feed.title ?? feed.url, 100);

/** Lines joined under a head, as many as fit in one message. */
function fitLines(head: string, lines: readonly string[]): string {
  let out = head;
  for (const line of lines) {
    if (out.length + 1 + line.length > MAX_CONTENT) break;
    out += `\n${line}`;
  }
  return out;
}

/** One poll in words: time, HTTP status, size, duration, new items or the failure. */
export function pollLine(poll: PollRecord, t: Catalogue): string {
  return t.feedPollLine({
    when: when(poll.polledAt),
    status: poll.status,
    http: poll.httpStatus,
    bytes: poll.bytes,
    ms: poll.durationMs,
    count: poll.newItems,
    kind: poll.errorKind === null ? null : clean(poll.errorKind, 40),
    error: poll.error === null ? null : clean(poll.error, 120),
  });
}

/** The `/feed history` answer. */
export function renderFeedHistory(feed: FeedRow, polls: readonly PollRecord[], t: Catalogue): string {
  if (polls.length === 0) return t.feedHistoryNone({ feed: feedName(feed) });
  return fitLines(
    t.feedHistoryTitle({ feed: feedName(feed), count: polls.length }),
    polls.map((p) => pollLine(p, t)),
  );
}

const messageLink = (guildId: string, channelId: string, messageId: string) =>
  `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;

function verdictLine(guildId: string, channel: string, verdict: ChannelVerdict, t: Catalogue): string {
  switch (verdict.kind) {
    case 'posted':
      return t.whyPosted({ channel, link: messageLink(guildId, channel, verdict.messageId) });
    case 'roundup':
      return t.whyRoundup({ channel, link: messageLink(guildId, channel, verdict.messageId), count: verdict.count });
    case 'filtered':
      return t.whyFiltered({ channel, detail: clean(verdict.clause, 300) });
    case 'too-old':
      return t.whyTooOld({ channel, detail: clean(verdict.reason, 200) });
    case 'filler':
      return t.whyFiller({ channel });
    case 'merged':
      return t.whyMerged({
        channel,
        link: verdict.messageId === null ? null : messageLink(guildId, channel, verdict.messageId),
      });
    case 'skipped':
      return t.whySkipped({ channel, detail: clean(verdict.reason, 200) });
    case 'waiting-llm':
      return t.whyWaiting({ channel, when: when(verdict.since) });
    case 'queued':
      return t.whyQueued({ channel, when: when(verdict.since) });
    case 'failed':
      return t.whyFailed({ channel, error: clean(verdict.reason, 200) });
    case 'paused':
      return t.whyPaused({
        channel,
        when: when(verdict.since),
        error: verdict.reason === null ? null : clean(verdict.reason, 200),
      });
    case 'seen':
      return t.whySeen({ channel, when: when(verdict.at) });
    case 'before-subscription':
      return t.whyBeforeSubscription({ channel, when: when(verdict.subscribedAt) });
    case 'no-record':
      return t.whyNoRecord({ channel });
  }
}

/** The `/feed why` answer: per article found, one line per channel; or the feeds' last polls when none has it. */
export function renderWhy(guildId: string, url: string, report: WhyReport, t: Catalogue): string {
  if (report.status === 'not-seen') {
    const head = t.whyNotSeen({ url: addressText(url) });
    if (report.feeds.length === 0) return `${head}\n${t.whyNoFeeds()}`;
    return fitLines(
      head,
      report.feeds.map(({ feed, lastPoll }) =>
        lastPoll === null
          ? t.whyNeverPolled({ feed: feedName(feed) })
          : t.whyLastPoll({ feed: feedName(feed), line: pollLine(lastPoll, t) }),
      ),
    );
  }
  const lines: string[] = [];
  for (const { article, feed, channels } of report.articles) {
    if (lines.length > 0) lines.push('');
    lines.push(t.whyTitle({ title: clean(article.title, 150), feed: feedName(feed) }));
    for (const { channelId, verdict } of channels) lines.push(verdictLine(guildId, channelId, verdict, t));
  }
  const [head = '', ...rest] = lines;
  return fitLines(head, rest);
}
