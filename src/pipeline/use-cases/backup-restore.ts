import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import { FORUM_CHANNEL, takesPublish, takesThreadPerPost } from '../../ports/channel-kinds.js';
import { addTopicSubscription } from '../summarize/topics.js';
import { addFeed } from './add-feed.js';
import type {
  BackupBriefing,
  BackupDocument,
  BackupFeedSubscription,
  BackupMention,
  BackupRef,
} from './backup-document.js';
import { addBriefing, listBriefings } from './briefings.js';
import { checkedFilter } from './filter-text.js';
import { mapForumTag } from './forum-tags.js';
import { IMPORT_CONCURRENCY } from './import-feeds.js';
import { changeSettings, checkedSubscriptionSettings } from './settings.js';
import { subscribeToFeed } from './subscriptions-admin.js';
import { saveTemplate } from './templates.js';
import { checkedWebhookIdentity } from './webhook-identity.js';

/** The channels Herald can post in and the roles of the server a backup is restored into, as Discord shows them now. */
export interface GuildDirectory {
  channels: ReadonlyArray<{ id: string; name: string; type: number }>;
  roles: ReadonlyArray<{ id: string; name: string }>;
}

/** Something of the backup that was not restored as it was, and why. */
export type RestoreProblem =
  /** No channel here has that id or name: its `count` subscriptions were not restored. */
  | { kind: 'channel'; name: string; count: number }
  /** No channel here has that id or name: its `count` briefings were not restored. */
  | { kind: 'briefingChannel'; name: string; count: number }
  /** A briefing (at its local `time`) refused as `error` says. */
  | { kind: 'briefing'; time: string; error: UserError }
  /** No forum here has that id or name: its `count` tag mappings (`/forum-tags`) were not restored. */
  | { kind: 'forum'; name: string; count: number }
  /** No role here has that id or name: its `count` mentions were left out. */
  | { kind: 'role'; name: string; count: number }
  /** A subscription (`what`: its feed's address or its topic), or the server's settings (null), refused as `error` says. */
  | { kind: 'refused'; what: string | null; error: UserError }
  /** A key this Herald does not know, ignored. */
  | { kind: 'unknownKey'; path: string }
  /** Not tried because the deadline passed: importing the file again restores them. */
  | { kind: 'skipped'; count: number };

export interface RestoreResult {
  /** Subscriptions this restore created, and those the server had already (set as the backup says). */
  created: number;
  existing: number;
  /** Briefings this restore created (one the server has already, alike in every setting, is not made again). */
  briefings: number;
  problems: RestoreProblem[];
}

export interface RestoreInput {
  guildId: string;
  guildLocale: string | null;
  document: BackupDocument;
  /** Keys of the document this Herald does not know, reported as ignored. */
  unknownKeys: readonly string[];
  directory: GuildDirectory;
  /** No feed is fetched after this time (`deps.now()` milliseconds). */
  deadline?: number;
  /**
   * Throws a `UserError` when a template's source is not one Herald can render: the format belongs to the Discord
   * side (`checkedTemplate`), which the caller passes in. Absent: templates are restored as they are.
   */
  checkTemplate?: (source: string) => void;
}

/**
 * Restores a backup into a server: its settings, then each feed subscription (the feed added as `/feed add` adds it
 * when Herald does not know it, nothing it already published posted) and each topic subscription, with their roles,
 * mention rules and own settings, the forums' tags for topics, and the briefings (a feed scope found by the feed's
 * address among those the server follows). A channel (a forum, for its tags) or role is the server's own with the same
 * id, else the one with the same name; what finds none, or whose values are refused, is reported and the rest
 * restored. Restoring the same backup again creates nothing more.
 */
export async function restoreBackup(
  deps: Pick<Deps, 'config' | 'store' | 'now' | 'log'>,
  input: RestoreInput,
): Promise<RestoreResult> {
  const { guildId, document } = input;
  const missingChannels = new Map<string, number>();
  const missingRoles = new Map<string, number>();
  const problems: RestoreProblem[] = input.unknownKeys.map((path) => ({ kind: 'unknownKey', path }));
  const refused = (what: string | null, err: unknown) => {
    if (err instanceof UserError) {
      problems.push({ kind: 'refused', what, error: err });
      return;
    }
    deps.log.warn({ err, what }, 'backup restore step failed');
    problems.push({ kind: 'refused', what, error: new UserError('feedNotAddedUnexpected', { url: what ?? '' }) });
  };
  const channelOf = (r: BackupRef) => {
    const found = findByRef(input.directory.channels, r);
    if (!found) count(missingChannels, refName(r));
    return found;
  };
  const roleOf = (r: BackupRef | null) => {
    if (r === null) return null;
    const found = findByRef(input.directory.roles, r);
    if (!found) count(missingRoles, refName(r));
    return found?.id ?? null;
  };
  const mentionsOf = (mentions: BackupMention[]) =>
    mentions.flatMap((m) => {
      const roleId = roleOf(m.role);
      return roleId ? [{ roleId, filter: checkedFilter(deps, m.filter) }] : [];
    });

  // Templates first: the settings and subscriptions name them.
  for (const template of document.templates ?? []) {
    try {
      input.checkTemplate?.(template.content);
      await saveTemplate(deps, guildId, template.name, template.content);
    } catch (err) {
      refused(template.name, err);
    }
  }
  try {
    await changeSettings(deps, guildId, document.settings as Parameters<typeof changeSettings>[2]);
  } catch (err) {
    refused(null, err);
  }

  let created = 0;
  let existing = 0;
  let skipped = 0;
  const restoreFeed = async (sub: BackupFeedSubscription) => {
    const channel = channelOf(sub.channel);
    if (!channel) return;
    if (input.deadline !== undefined && deps.now() >= input.deadline) {
      skipped += 1;
      return;
    }
    try {
      const options = {
        ...sub.options,
        ...threadOptionsIn(channel.type, sub.options),
        ...webhookIn(sub.options),
        filter: checkedFilter(deps, sub.options.filter),
      };
      checkedSubscriptionSettings(options);
      const mentions = mentionsOf(sub.mentions);
      const added = await addFeed(deps, {
        url: sub.feed.url,
        guildId,
        guildLocale: input.guildLocale,
        channelId: channel.id,
        channelType: channel.type,
      });
      const row = await subscribeToFeed(deps, {
        ...options,
        guildId,
        channelId: channel.id,
        feedId: added.feed.id,
        mentionRoleId: roleOf(sub.mentionRole),
        maxPerHour: options.maxPerHour ?? null,
        channelType: channel.type,
      });
      for (const m of mentions) {
        await deps.store.mentions.add({ guildId, owner: { subscriptionId: row.id }, ...m }, deps.now());
      }
      if (added.subscribed) created += 1;
      else existing += 1;
    } catch (err) {
      refused(sub.feed.url, err);
    }
  };
  // One feed's subscriptions one after the other: a feed new to Herald is fetched and stored once.
  const byFeed = new Map<string, BackupFeedSubscription[]>();
  for (const sub of document.subscriptions) byFeed.set(sub.feed.url, [...(byFeed.get(sub.feed.url) ?? []), sub]);
  await inParallel([...byFeed.values()], IMPORT_CONCURRENCY, async (subs) => {
    for (const sub of subs) await restoreFeed(sub);
  });
  if (skipped > 0) problems.push({ kind: 'skipped', count: skipped });

  const followed = await deps.store.subscriptions.ofGuild(guildId);
  const topicsBefore = new Set((await deps.store.topics.ofGuild(guildId)).map((t) => t.id));
  for (const topic of document.topics) {
    const channel = channelOf(topic.channel);
    if (!channel) continue;
    try {
      const topicRow = await addTopicSubscription(deps, {
        ...topic.options,
        ...threadOptionsIn(channel.type, topic.options),
        ...webhookIn(topic.options),
        ...checkedSubscriptionSettings(topic.options),
        guildId,
        channelId: channel.id,
        feedId: topic.feed === null ? null : feedFollowed(followed, topic.feed.url),
        query: topic.query,
        mentionRoleId: roleOf(topic.mentionRole),
        channelType: channel.type,
      });
      for (const m of mentionsOf(topic.mentions)) {
        await deps.store.mentions.add({ guildId, owner: { topicSubscriptionId: topicRow.id }, ...m }, deps.now());
      }
      if (topicsBefore.has(topicRow.id)) existing += 1;
      else created += 1;
    } catch (err) {
      refused(topic.query, err);
    }
  }

  const forums = input.directory.channels.filter((c) => c.type === FORUM_CHANNEL);
  const missingForums = new Map<string, number>();
  for (const m of document.forumTags ?? []) {
    const forum = findByRef(forums, m.channel);
    if (!forum) {
      count(missingForums, refName(m.channel));
      continue;
    }
    try {
      await mapForumTag(deps, { guildId, channelId: forum.id, topic: m.topic, tag: m.tag });
    } catch (err) {
      refused(m.topic, err);
    }
  }

  const missingBriefingChannels = new Map<string, number>();
  let briefings = 0;
  for (const b of document.briefings ?? []) {
    const channel = findByRef(input.directory.channels, b.channel);
    if (!channel) {
      count(missingBriefingChannels, refName(b.channel));
      continue;
    }
    try {
      if (await restoreBriefing(deps, guildId, channel, b, followed)) briefings += 1;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push({ kind: 'briefing', time: b.time, error: err });
    }
  }

  for (const [name, n] of missingChannels) problems.push({ kind: 'channel', name, count: n });
  for (const [name, n] of missingBriefingChannels) problems.push({ kind: 'briefingChannel', name, count: n });
  for (const [name, n] of missingForums) problems.push({ kind: 'forum', name, count: n });
  for (const [name, n] of missingRoles) problems.push({ kind: 'role', name, count: n });
  return { created, existing, briefings, problems };
}

/**
 * Adds a backup's briefing in `channel` unless the server has one alike already (as an export writes it: the same
 * channel, time, days, scope and settings); true when it added it.
 */
async function restoreBriefing(
  deps: Pick<Deps, 'store' | 'now'>,
  guildId: string,
  channel: { id: string; type: number },
  b: BackupBriefing,
  followed: ReadonlyArray<{ feedId: number; feedUrl: string }>,
): Promise<boolean> {
  const feedId = b.feed === null ? null : feedFollowed(followed, b.feed.url);
  const alike = (await listBriefings(deps, guildId)).some(
    ({ row, days }) =>
      row.channelId === channel.id &&
      row.localTime === b.time &&
      days === b.days &&
      (row.scope.kind === 'feed' ? row.scope.feedId : null) === feedId &&
      (row.scope.kind === 'topic' ? row.scope.query : null) === b.topic &&
      row.language === b.language &&
      row.style === b.style &&
      row.timezone === b.timezone,
  );
  if (alike) return false;
  await addBriefing(deps, {
    guildId,
    channelId: channel.id,
    channelType: channel.type,
    time: b.time,
    days: b.days,
    feed: feedId === null ? null : String(feedId),
    topic: b.topic,
    language: b.language,
    style: b.style,
    timezone: b.timezone,
  });
  return true;
}

/** The server's own item with the ref's id, else the first with its name (exactly, then ignoring case). */
function findByRef<T extends { id: string; name: string }>(items: readonly T[], r: BackupRef): T | undefined {
  const name = r.name;
  return (
    items.find((i) => i.id === r.id) ??
    (name === null
      ? undefined
      : (items.find((i) => i.name === name) ?? items.find((i) => i.name.toLowerCase() === name.toLowerCase())))
  );
}

const refName = (r: BackupRef) => r.name ?? r.id;

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The id of the feed a topic or briefing is limited to, which the server must follow (restored above or before). */
function feedFollowed(followed: ReadonlyArray<{ feedId: number; feedUrl: string }>, url: string) {
  const feed = followed.find((s) => s.feedUrl === url);
  if (!feed) throw new UserError('backupTopicFeed', { url });
  return feed.feedId;
}

/** Runs `task` on every item, `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A thread per post and publishing where the restored channel can have them (the rule `/subscribe` applies, in
 * `channel-kinds.ts`); elsewhere (a forum, a thread) the subscription is restored without them.
 */
function threadOptionsIn(
  channelType: number | null,
  options: { thread?: 'per-article' | null; publish?: boolean },
): { thread?: 'per-article' | null; publish?: boolean } {
  return {
    ...(options.thread !== undefined && { thread: takesThreadPerPost(channelType) ? options.thread : null }),
    ...(options.publish !== undefined && { publish: takesPublish(channelType) && options.publish }),
  };
}

/** A webhook identity checked as `/subscribe` checks it (an https avatar). */
function webhookIn(options: { webhook?: { name: string | null; avatarUrl: string | null } | null }) {
  if (options.webhook === undefined) return {};
  const { webhook } = options;
  return {
    webhook: webhook && checkedWebhookIdentity({ webhook: true, name: webhook.name, avatar: webhook.avatarUrl }),
  };
}
