import type { Deps } from '../../deps.js';
import type { MentionOwner, MentionRuleRow } from '../../store/store.js';
import { BACKUP_VERSION, type BackupDocument, type BackupMention, type BackupRef } from './backup-document.js';
import { listBriefings } from './briefings.js';
import { guildSettings } from './settings.js';
import { guildTemplates } from './templates.js';

/** The names of a server's channels and roles by id, and its own name, as Discord shows them now. */
export interface GuildNames {
  guild: string | null;
  channels: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
}

/**
 * A server's whole setup as a backup document: its settings and templates, each feed and topic subscription with its
 * channel, role mention, mention rules and own settings, its forums' tags for topics, and its briefings. Channels and
 * roles carry their names, by which a restore into another server finds its own; feeds, their addresses.
 */
export async function exportBackup(
  deps: Pick<Deps, 'store' | 'now'>,
  guildId: string,
  names: GuildNames,
): Promise<BackupDocument> {
  const [settings, subscriptions, topics, rules, templates, forumTags, briefings] = await Promise.all([
    guildSettings(deps, guildId),
    deps.store.subscriptions.ofGuild(guildId),
    deps.store.topics.ofGuild(guildId),
    deps.store.mentions.ofGuild(guildId),
    guildTemplates(deps, guildId),
    deps.store.forumTags.ofGuild(guildId),
    listBriefings(deps, guildId),
  ]);
  const channel = (id: string): BackupRef => ({ id, name: names.channels.get(id) ?? null });
  const role = (id: string | null): BackupRef | null => (id ? { id, name: names.roles.get(id) ?? null } : null);
  const mentionsOf = (owner: (o: MentionOwner) => boolean): BackupMention[] =>
    rules
      .filter((r: MentionRuleRow) => owner(r.owner))
      .map((r) => ({ role: role(r.roleId) as BackupRef, filter: r.filter }));
  const feedUrls = new Map(subscriptions.map((s) => [s.feedId, s.feedUrl]));
  const briefingFeeds = briefings.map(({ row }) => (row.scope.kind === 'feed' ? row.scope.feedId : null));
  for (const feedId of [...topics.map((t) => t.feedId), ...briefingFeeds]) {
    // A topic may stay limited to a feed no channel here follows any more.
    if (feedId !== null && !feedUrls.has(feedId)) {
      feedUrls.set(feedId, (await deps.store.feeds.get(feedId))?.url ?? '');
    }
  }
  const { guildId: _, ...serverSettings } = settings;

  return {
    format: 'herald-backup',
    version: BACKUP_VERSION,
    exportedAt: new Date(deps.now()).toISOString(),
    guild: { id: guildId, name: names.guild },
    settings: serverSettings,
    templates: templates.map((t) => ({ name: t.name, content: t.content })),
    subscriptions: subscriptions.map((s) => ({
      feed: { url: s.feedUrl, title: s.feedTitle },
      channel: channel(s.channelId),
      mentionRole: role(s.mentionRoleId),
      options: {
        language: s.language,
        style: s.style,
        layout: s.layout,
        maxPerHour: s.maxPerHour,
        maxAgeHours: s.maxAgeHours,
        thread: s.thread,
        threadArchiveMinutes: s.threadArchiveMinutes,
        publish: s.publish,
        template: s.template ?? null,
        webhook: s.webhook,
        filter: s.filter,
      },
      mentions: mentionsOf((o) => 'subscriptionId' in o && o.subscriptionId === s.id),
    })),
    topics: topics.map((t) => ({
      query: t.query,
      feed: t.feedId === null ? null : { url: feedUrls.get(t.feedId) ?? '' },
      channel: channel(t.channelId),
      mentionRole: role(t.mentionRoleId),
      options: {
        language: t.language,
        style: t.style,
        layout: t.layout,
        maxPerHour: t.maxPerHour,
        maxAgeHours: t.maxAgeHours,
        thread: t.thread,
        threadArchiveMinutes: t.threadArchiveMinutes,
        publish: t.publish,
        template: t.template ?? null,
        webhook: t.webhook,
      },
      mentions: mentionsOf((o) => 'topicSubscriptionId' in o && o.topicSubscriptionId === t.id),
    })),
    forumTags: forumTags.map((m) => ({ channel: channel(m.channelId), topic: m.topic, tag: m.tag })),
    briefings: briefings.map(({ row, days }) => ({
      channel: channel(row.channelId),
      time: row.localTime,
      days,
      feed: row.scope.kind === 'feed' ? { url: feedUrls.get(row.scope.feedId) ?? '' } : null,
      topic: row.scope.kind === 'topic' ? row.scope.query : null,
      language: row.language,
      style: row.style,
      timezone: row.timezone,
    })),
  };
}
