/** How a poll went (the store's `PollStatus`). */
type PollStatus = 'ok' | 'not-modified' | 'failed';

/** Bytes in KB (one decimal) for poll sizes. */
export const kilobytes = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

/**
 * Replies and errors of `/feed why`, `/feed history`, `/feed interval` and `/feed move`. Text parameters come from
 * outside (feed titles, addresses, errors a feed server caused) and arrive escaped; `channel` is a channel id, `when`
 * a Discord timestamp, `link` a message link Herald built.
 */
export const enFeedAdmin = {
  feedIntervalRange: (p: { min: number; max: number }) =>
    `The interval must be a whole number of minutes from ${p.min} to ${p.max} (this Herald's limits).`,
  feedIntervalShared: (p: { servers: number; minutes: number }) =>
    `${p.servers} other ${p.servers === 1 ? 'server follows' : 'servers follow'} this feed too, so it can only be checked more often: every ${p.minutes} minutes or less.`,
  feedIntervalSet: (p: { feed: string; minutes: number; slower: number | null }) =>
    `Herald now checks **${p.feed}** every ${p.minutes} minutes.` +
    (p.slower === null
      ? ''
      : ` The feed itself asks not to be read more often than every ${p.slower} minutes, so Herald waits that long.`),
  feedHealthOverride: () => 'set with `/feed interval`',
  feedMoveShared: (p: { servers: number }) =>
    `${p.servers} other ${p.servers === 1 ? 'server follows' : 'servers follow'} this feed too, and moving it would change what they receive. Follow the new address with \`/feed add\` and remove this one with \`/feed remove\` instead.`,
  feedMoveSame: () => 'That is the feed’s address already.',
  feedMoveTaken: (p: { url: string }) =>
    `Herald already reads ${p.url} as another feed. Follow it with \`/feed add\` and remove this one with \`/feed remove\`.`,
  feedMoved: (p: { feed: string; from: string; url: string; added: number; kept: number }) =>
    `**${p.feed}** now reads from ${p.url} (was ${p.from}). Its subscriptions, articles and history are kept. ` +
    `${p.added} ${p.added === 1 ? 'story' : 'stories'} at the new address ${p.added === 1 ? 'was' : 'were'} marked seen and will not be posted; ${p.kept} Herald already had.`,
  feedHistoryTitle: (p: { feed: string; count: number }) =>
    `The last ${p.count} ${p.count === 1 ? 'check' : 'checks'} of **${p.feed}**, newest first:`,
  feedHistoryNone: (p: { feed: string }) => `Herald has no check of **${p.feed}** on record yet.`,
  feedPollLine: (p: {
    when: string;
    status: PollStatus;
    http: number | null;
    bytes: number | null;
    ms: number;
    count: number;
    kind: string | null;
    error: string | null;
  }) => {
    const http = p.http === null ? '' : ` · HTTP ${p.http}`;
    if (p.status === 'failed') {
      return `❌ ${p.when}${http} · ${p.ms} ms · failed (${p.kind ?? 'unknown'})${p.error !== null ? `: ${p.error}` : ''}`;
    }
    if (p.status === 'not-modified') return `✅ ${p.when}${http} · not modified · ${p.ms} ms`;
    const size = p.bytes === null ? '' : ` · ${kilobytes(p.bytes)} KB`;
    return `✅ ${p.when}${http}${size} · ${p.ms} ms · ${p.count} new`;
  },
  whyTitle: (p: { title: string; feed: string }) => `**${p.title}** (${p.feed}):`,
  whyPosted: (p: { channel: string; link: string }) => `<#${p.channel}>: posted: ${p.link}`,
  whyRoundup: (p: { channel: string; link: string; count: number }) =>
    `<#${p.channel}>: posted in a roundup of ${p.count} stories (the hourly limit was reached): ${p.link}`,
  whyFiltered: (p: { channel: string; detail: string }) =>
    `<#${p.channel}>: filtered out by the subscription's filter: ${p.detail}`,
  whyTooOld: (p: { channel: string; detail: string }) =>
    `<#${p.channel}>: skipped as too old for the subscription's age limit (${p.detail})`,
  whyFiller: (p: { channel: string }) =>
    `<#${p.channel}>: skipped as filler (this server's \`/settings filler\` is \`skip\`)`,
  whySkipped: (p: { channel: string; detail: string }) => `<#${p.channel}>: skipped (${p.detail})`,
  whyWaiting: (p: { channel: string; when: string }) =>
    `<#${p.channel}>: waiting for its summary since ${p.when}; it is posted once the summary is written`,
  whyQueued: (p: { channel: string; when: string }) =>
    `<#${p.channel}>: summarized and waiting for its turn in the channel since ${p.when}`,
  whyFailed: (p: { channel: string; error: string }) => `<#${p.channel}>: failed: ${p.error}`,
  whyPaused: (p: { channel: string; when: string; error: string | null }) =>
    `<#${p.channel}>: not posted: the channel's subscription is paused since ${p.when}${p.error !== null ? ` (${p.error})` : ''}`,
  whySeen: (p: { channel: string; when: string }) =>
    `<#${p.channel}>: it was already in the feed when Herald started following it (${p.when}), so it was marked seen and not posted`,
  whyBeforeSubscription: (p: { channel: string; when: string }) =>
    `<#${p.channel}>: Herald read it before this channel followed the feed (${p.when})`,
  whyNoRecord: (p: { channel: string }) => `<#${p.channel}>: Herald has no record of it for this channel`,
  whyNotSeen: (p: { url: string }) => `None of this server's feeds has had an item at ${p.url}.`,
  whyLastPoll: (p: { feed: string; line: string }) => `**${p.feed}**: last check ${p.line}`,
  whyNeverPolled: (p: { feed: string }) => `**${p.feed}**: no check on record yet`,
  whyNoFeeds: () => 'This server follows no feed yet: `/feed add` adds one.',
};

export type FeedAdminCatalogue = typeof enFeedAdmin;
