/**
 * Threads on posts, publishing in announcement channels and forum tags: what `/subscribe`, `/subscriptions` and
 * `/forum-tags` say. Text parameters arrive escaped (they come from the member or from Discord).
 */
interface ThreadSettings {
  /** Minutes before a post's thread is archived; null: no thread per post. */
  archiveMinutes: number | null;
  publish: boolean;
}

const ARCHIVE: Record<number, string> = { 60: '1 hour', 1440: '1 day', 4320: '3 days', 10080: '1 week' };
const archive = (minutes: number) => ARCHIVE[minutes] ?? `${minutes} minutes`;

export const enThreads = {
  /** Appended to `/subscribe`'s confirmation; empty when neither is on. */
  subscribedThreads: (p: ThreadSettings) =>
    [
      p.archiveMinutes ? `, a thread on each post (archived after ${archive(p.archiveMinutes)} without activity)` : '',
      p.publish
        ? ', each post published to the servers following the channel (at most 10 an hour, as Discord allows; past that, the rest go out as roundups that stay in this channel)'
        : '',
    ].join(''),
  /** What a subscription does beyond posting, in `/subscriptions`; empty when nothing. */
  subscriptionThreads: (p: ThreadSettings) =>
    [
      p.archiveMinutes ? `thread per post (${archive(p.archiveMinutes)})` : '',
      p.publish ? 'published, ≤ 10/h (then unpublished roundups)' : '',
    ]
      .filter(Boolean)
      .join(' · '),
  publishNeedsAnnouncement: () =>
    'Only posts in an announcement channel can be published. Pick an announcement channel, or leave out `publish`.',
  threadNeedsTextChannel: () =>
    'A thread per post can only start on posts in a text or announcement channel: a forum post is a thread already, and a thread holds no threads.',
  forumTagsNotForum: (p: { channel: string }) => `<#${p.channel}> is not a forum channel: only forum posts carry tags.`,
  forumTagUnknown: (p: { tag: string; channel: string; available: string }) =>
    p.available
      ? `<#${p.channel}> has no tag named **${p.tag}**. Its tags: ${p.available}.`
      : `<#${p.channel}> has no tags yet: add some in the forum's settings first.`,
  forumTagMapped: (p: { topic: string; tag: string; channel: string }) =>
    `Posts in <#${p.channel}> about **${p.topic}** now get the tag **${p.tag}**.`,
  forumTagRemoved: (p: { topic: string; channel: string }) =>
    `Removed the tag mapping of **${p.topic}** in <#${p.channel}>. Posts about it get a tag only if the forum has one of that name.`,
  forumTagNotMapped: (p: { topic: string; channel: string }) =>
    `**${p.topic}** has no tag mapping in <#${p.channel}>. See them with \`/forum-tags list\`.`,
  forumTagsNone: () =>
    'No tag mappings. Forum posts get the forum’s tags named like the article’s topics; map other names with `/forum-tags map`.',
  forumTagsTitle: (p: { count: number }) => `**Forum tag mappings** (${p.count})`,
  forumTagLine: (p: { channel: string; topic: string; tag: string }) => `• <#${p.channel}>: ${p.topic} → **${p.tag}**`,
};

export type ThreadsCatalogue = typeof enThreads;
