import type { PageRefusal } from '../domain.js';
import { enBackup } from './en-backup.js';
import { enBriefings } from './en-briefings.js';
import { enErrors } from './en-errors.js';
import { enFeedAdmin } from './en-feed-admin.js';
import { enFetch } from './en-fetch.js';
import { enFilters } from './en-filters.js';
import { enStories } from './en-stories.js';
import { enSubscriptionSettings } from './en-subscription-settings.js';
import { enTemplates } from './en-templates.js';
import { enThreads } from './en-threads.js';
import { enWebhooks } from './en-webhooks.js';

/** A channel permission Herald needs; each catalogue names it the way Discord's own settings do in its language. */
export type BotPermission =
  | 'view-channel'
  | 'send-messages'
  | 'create-posts'
  | 'send-messages-in-threads'
  | 'create-public-threads'
  | 'manage-threads'
  | 'embed-links';

const PERMISSIONS: Record<BotPermission, string> = {
  'view-channel': 'View Channel',
  'send-messages': 'Send Messages',
  // Send Messages is shown as Create Posts on a forum channel.
  'create-posts': 'Create Posts',
  'send-messages-in-threads': 'Send Messages in Threads',
  'create-public-threads': 'Create Public Threads',
  'manage-threads': 'Manage Threads',
  'embed-links': 'Embed Links',
};

/**
 * English replies; the other catalogues must have the same keys and parameters (checked by the type, and at run time
 * by test/unit/i18n/catalogue.test.ts).
 */
export const en = {
  dmOnly: () => "Herald's commands work inside a server, not in direct messages. Use them in a channel of your server.",
  unknownCommand: () => 'This command is not known to this version of Herald.',
  incident: (p: { id: string }) => `Something went wrong on Herald's side (incident ${p.id}). Please try again later.`,
  needManageServer: () => 'You need the **Manage Server** permission to change what Herald posts here.',
  expired: () => 'This button has expired or was meant for someone else. Run the command again.',
  cancelled: () => 'Cancelled. Nothing was changed.',
  noticePaused: (p: { channelId: string; reason: string; count: number }) =>
    `Herald stopped posting in <#${p.channelId}> (${p.count} subscription${p.count === 1 ? '' : 's'} paused): ${reasonText(p.reason)} Fix it, then run \`/subscribe\` again in that channel to resume.`,
  /** `feed`: the feed's name as the notice shows it; `error`: its last error, null when none was recorded. */
  noticeFeedDisabled: (p: { feed: string; failures: number; error: string | null; id: number }) =>
    [
      p.failures === 1
        ? `Herald stopped checking the feed ${p.feed}: its server says it is gone for good.`
        : `Herald stopped checking the feed ${p.feed}: it failed ${p.failures} times in a row.`,
      `Last error: ${p.error ?? 'unknown'}.`,
      `Nothing from it will be posted here until someone with Manage Server runs \`/feed retry feed:${p.id}\`.`,
    ].join('\n'),
  feedHealthTitle: (p: { count: number }) => `**Feeds of this server** (${p.count})`,
  feedHealthNone: () => 'This server follows no feed yet. Add one with `/feed add`.',
  feedHealthMore: (p: { count: number }) => `…and ${p.count} more.`,
  feedHealthUntitled: () => 'Untitled feed',
  /** `when`, here and below: a Discord timestamp, which each reader's client shows in their own language. */
  feedHealthLastSuccess: (p: { when: string }) => `last success ${p.when}`,
  feedHealthNeverFetched: () => 'never fetched successfully',
  feedHealthLastError: (p: { kind: string | null; error: string }) =>
    `last error${p.kind ? ` (${p.kind})` : ''}: ${p.error}`,
  feedHealthDisabled: (p: { when: string; failures: number }) =>
    `⛔ disabled ${p.when} after ${p.failures} failures in a row`,
  feedHealthRetryHint: (p: { id: number }) => `\`/feed retry feed:${p.id}\` turns it back on`,
  feedHealthFailing: (p: { failures: number; limit: number }) =>
    `⚠️ failing: ${p.failures} of ${p.limit} failures before it is disabled`,
  feedHealthNextTry: (p: { when: string }) => `next try ${p.when}`,
  feedHealthOk: (p: { success: string }) => `✅ ${p.success}`,
  feedHealthNextPoll: (p: { when: string }) => `next poll ${p.when}`,
  feedHealthEvery: (p: { seconds: number }) => `every ${duration(p.seconds)}`,
  feedRetried: (p: { feed: string }) =>
    `**${p.feed}** is on again; Herald checks it within a minute. \`/feed list\` shows how it went.`,
  feedAdded: (p: { feed: string; channel: string }) =>
    `Following **${p.feed}** in <#${p.channel}>. New stories will be summarized and posted there.`,
  feedAlready: (p: { feed: string; channel: string }) => `<#${p.channel}> already follows **${p.feed}**.`,
  feedDiscovered: (p: { page: string }) => `Found the feed on ${p.page}.`,
  feedBackfilled: (p: { count: number }) =>
    `The newest ${p.count} ${p.count === 1 ? 'story' : 'stories'} will be posted shortly.`,
  feedLatest: (p: { line: string }) => `Latest: ${p.line}`,
  feedEmpty: () => 'The feed has no items yet.',
  feedTruncated: (p: { kept: number; total: number; textCut: number }) =>
    [
      p.kept < p.total ? `Read the newest ${p.kept} of this feed's ${p.total} items.` : '',
      p.textCut > 0 ? `The text of ${p.textCut} ${p.textCut === 1 ? 'item' : 'items'} was cut short.` : '',
    ]
      .filter((s) => s !== '')
      .join(' '),
  importProgress: (p: { done: number; total: number }) => `Importing feeds… ${p.done}/${p.total}`,
  importResult: (p: { channel: string; added: number; already: number }) =>
    `<#${p.channel}> now follows **${p.added}** more feed${p.added === 1 ? '' : 's'}${p.already > 0 ? ` (${p.already} already followed)` : ''}. What they published before now is not posted; their new stories will be.`,
  importFailed: (p: { count: number }) => `**${p.count}** could not be added:`,
  importSkipped: (p: { count: number }) =>
    `${p.count} ${p.count === 1 ? 'feed was' : 'feeds were'} not tried in time: run the import again to add ${p.count === 1 ? 'it' : 'them'}.`,
  importNone: () => 'That file lists no feeds.',
  exportDone: (p: { count: number }) =>
    `This server's ${p.count} feed${p.count === 1 ? '' : 's'} as OPML: import the file into another reader, or here with \`/feed import\`.`,
  /** `capped`: more than `total` articles match, and more than `pages` pages. */
  searchTitle: (p: { query: string; page: number; pages: number; total: number; capped: boolean }) =>
    p.capped
      ? `**Results for “${p.query}”** — page ${p.page} of ${p.pages}+ (${p.total.toLocaleString('en-US')}+ articles)`
      : `**Results for “${p.query}”** — page ${p.page} of ${p.pages} (${p.total} articles)`,
  searchNone: (p: { query: string }) => `No article matches “${p.query}”.`,
  previous: () => 'Previous',
  next: () => 'Next',
  needFeedOrTopic: () => 'Give a feed, a topic, or both.',
  subscribedTopic: (p: { topic: string; channel: string; feed: string | null; extras: string }) =>
    `<#${p.channel}> now follows the topic “${p.topic}”${p.feed ? ` in **${p.feed}**` : ' across this server’s feeds'}${p.extras}.`,
  topicLine: (p: { id: number; channel: string; topic: string; feed: string | null }) =>
    `• \`t${p.id}\` <#${p.channel}> ← topic “${p.topic}”${p.feed ? ` in **${p.feed}**` : ''}`,
  unknownFeed: () => 'That feed is not followed in this server. Pick one from the list as you type.',
  unknownSubscription: () => 'That subscription does not exist in this server. Pick one from the list as you type.',
  channelNotHere: () => 'That channel is not in this server.',
  channelUnreachable: () => 'Herald cannot see that channel. Give it the **View Channel** permission there.',
  channelType: () => 'Herald can only post in text, announcement and forum channels.',
  roleNotHere: () => 'That role is not in this server.',
  botMissing: (p: { channel: string; permissions: readonly BotPermission[] }) =>
    `Herald cannot post in <#${p.channel}>: it is missing **${p.permissions.map((n) => PERMISSIONS[n]).join(', ')}** there. Grant it in the channel's settings and try again.`,
  subscribed: (p: { feed: string; channel: string; extras: string }) =>
    `<#${p.channel}> now follows **${p.feed}**${p.extras}.`,
  subscribedExtras: (p: { role: string | null; max: number | null }) =>
    [p.role ? `, mentioning <@&${p.role}>` : '', p.max ? `, at most ${p.max} posts an hour` : ''].join(''),
  confirmUnsubscribe: (p: { feed: string; channel: string }) => `Stop posting **${p.feed}** in <#${p.channel}>?`,
  unsubscribed: (p: { feed: string; channel: string }) => `<#${p.channel}> no longer follows **${p.feed}**.`,
  confirmRemoveFeed: (p: { feed: string; count: number }) =>
    `Remove **${p.feed}** from this server? ${p.count} channel subscription${p.count === 1 ? '' : 's'} will be deleted.`,
  feedRemoved: (p: { feed: string; count: number }) =>
    `Removed **${p.feed}** (${p.count} subscription${p.count === 1 ? '' : 's'} deleted).`,
  confirmButton: () => 'Confirm',
  cancelButton: () => 'Cancel',
  noSubscriptions: () => 'This server follows no feeds yet. Add one with `/feed add`.',
  noSubscriptionsIn: (p: { channel: string }) => `<#${p.channel}> follows no feeds.`,
  subscriptionsTitle: (p: { count: number }) => `**Subscriptions (${p.count})**`,
  paused: () => 'paused',
  latestTitle: (p: { feed: string }) => `**Latest from ${p.feed}**`,
  latestNone: () => 'No articles yet.',
  settingsShow: (p: { language: string; style: string; layout: string; timezone: string; filler: string }) =>
    `**Settings**\nLanguage: \`${p.language}\`\nSummary style: \`${p.style}\`\nTemplate: \`${p.layout}\`\nTime zone: \`${p.timezone}\`\nFiller (ads, horoscopes, quizzes…): \`${p.filler}\``,
  roundupTitle: (p: { count: number; feed: string }) =>
    `${p.count} more ${p.count === 1 ? 'story' : 'stories'} from ${p.feed}`,
  roundupTopicTitle: (p: { count: number; topic: string }) =>
    `${p.count} more ${p.count === 1 ? 'story' : 'stories'} on “${p.topic}”`,
  settingsSaved: () => 'Settings saved.',
  badTimezone: (p: { value: string }) =>
    `"${p.value}" is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`Asia/Taipei\`.`,
  badLanguage: (p: { value: string }) =>
    `"${p.value}" is not a language tag. Use \`source\` or a tag such as \`en\`, \`zh-TW\`, \`zh-CN\`.`,
  /** `limit`: the limit exceeded, in the unit of `reason` (levels, elements, text weight, milliseconds, MB). */
  pageRefused: (p: { url: string; reason: PageRefusal; limit: number }) =>
    `Herald did not read ${p.url}: ${pageRefusalText(p.reason, p.limit)}`,
  help: () =>
    [
      '**Herald** posts a short summary of each new story from the feeds this server follows.',
      '`/feed add url [channel]` follow a feed · `/feed remove feed` stop following it',
      '`/feed import file [channel]` follow the feeds of an OPML file · `/feed export` this server’s feeds as OPML',
      '`/feed list` feed health · `/feed why url` what became of an article · `/feed history feed` a feed’s last checks · `/feed interval feed minutes` · `/feed move feed url`',
      '`/subscribe feed [channel] [mention-role] [max-per-hour] [filter] [max-age-hours] [language] [style] [template]` post a followed feed in another channel, only what matches a filter, in its own language, style or template',
      '`/subscribe … [thread] [publish] [webhook] [per-story]` a thread on each post, publishing (announcement channels), posting under the feed’s own name, one post per story',
      '`/mention add|remove|list` mention a role on the posts that match a filter',
      '`/forum-tags map|remove|list` give forum posts about a topic one of the forum’s tags',
      '`/story link` every outlet’s report of one story · `/alert set|remove|list` mention a role when a story reaches N outlets within M minutes',
      '`/unsubscribe subscription` · `/subscriptions [channel]` what is followed where',
      '`/search query` past articles · `/latest [feed] [count]` newest articles · `/summarize url` any page',
      '`/backup export` · `/backup import file` save this server’s setup to a file, restore it here or in another server',
      '`/template set|list|remove|preview` message templates · `/settings` language, summary style, template, time zone, filler (post or skip ads, horoscopes…)',
      '`/briefing add|list|remove|preview` a daily briefing of the top stories in a channel at a set time',
      'Management commands need **Manage Server**.',
    ].join('\n'),
  ...enErrors,
  ...enFeedAdmin,
  ...enFilters,
  ...enBackup,
  ...enWebhooks,
  ...enStories,
  ...enBriefings,
  ...enSubscriptionSettings,
  ...enThreads,
  ...enTemplates,
  ...enFetch,
};

export type Catalogue = typeof en;

function pageRefusalText(reason: PageRefusal, limit: number): string {
  switch (reason) {
    case 'too-deep':
      return `its HTML is nested more than ${limit} levels deep, far more than an article page needs.`;
    case 'too-many-nodes':
      return `it has more than ${limit.toLocaleString('en-US')} HTML elements, far more than an article page needs.`;
    case 'too-much-text':
      return 'it has more text than Herald reads from one page.';
    case 'timeout':
      return `finding its article took longer than ${limit / 1000} seconds.`;
    case 'out-of-memory':
      return `finding its article needed more than ${limit} MB of memory.`;
  }
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function reasonText(reason: string): string {
  switch (reason) {
    case 'channel-deleted':
      return 'the channel no longer exists.';
    case 'missing-access':
      return 'Herald can no longer see the channel (View Channel).';
    case 'missing-permissions':
      return 'Herald is no longer allowed to post there (Send Messages / Embed Links).';
    case 'thread-locked':
      return 'the thread was locked, and only moderators can post in it.';
    case 'missing-manage-webhooks':
      return enWebhooks.pausedManageWebhooks();
    default:
      return 'Herald was removed from the server.';
  }
}
