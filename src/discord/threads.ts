import type { REST } from '@discordjs/rest';
import { type APIGuildForumTag, ChannelType, Routes } from 'discord-api-types/v10';
import { UserError } from '../i18n/user-error.js';
import { takesPublish, takesThreadPerPost } from '../ports/channel-kinds.js';
import { fold } from '../search/normalize.js';
import { channelOfGuild } from './guild-refs.js';
import { isDiscordApiError } from './poster.js';
import { safeText } from './safe-text.js';

/** Discord: "A thread has already been created for this message". */
const THREAD_EXISTS = 160004;
/** Discord's limits: a thread name is 1–100 characters; a forum post carries at most 5 tags. */
const THREAD_NAME_MAX = 100;
export const MAX_APPLIED_TAGS = 5;

/** A thread name from a headline: one line, shown as written (no Markdown), cut on a grapheme boundary. */
export function threadName(headline: string): string {
  return safeText(headline, { oneLine: true, plain: true, max: THREAD_NAME_MAX }) || '…';
}

/** A thread started on a message (its id), or why not (for the logs). */
export type MessageThreadResult = { threadId: string } | { problem: string };

/**
 * Starts a thread on a message; Discord gives it the message's own id. A message has at most one thread, so a retry
 * after a crash that started it meets 160004 and continues with that thread. Never rejects: a thread Discord refuses
 * (no Create Public Threads) leaves the post as it is.
 */
export async function startMessageThread(
  rest: REST,
  channelId: string,
  messageId: string,
  name: string,
  archiveMinutes: number,
): Promise<MessageThreadResult> {
  try {
    const thread = (await rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: archiveMinutes },
    })) as { id: string };
    return { threadId: thread.id };
  } catch (err) {
    if (isDiscordApiError(err) && err.code === THREAD_EXISTS) return { threadId: messageId };
    return { problem: `thread: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The tags of forum channels, read from Discord (`available_tags`) and kept a while. */
export interface ForumTags {
  /**
   * The ids of the forum's tags named by `names` (case, width and Traditional/Simplified Chinese folded), in the order
   * of `names`, at most {@link MAX_APPLIED_TAGS}. Moderated tags are left out (only members with Manage Threads may
   * apply them), and so is everything when the forum cannot be read: tags never stop a post.
   */
  applicable(forumId: string, names: readonly string[]): Promise<string[]>;
}

/** Forum tags over REST, each forum's list cached for `ttlMs` (an admin's new tag shows up within it). */
export function createForumTags(rest: REST, ttlMs = 10 * 60_000, now: () => number = Date.now): ForumTags {
  const cache = new Map<string, { at: number; tags: APIGuildForumTag[] }>();
  const tagsOf = async (forumId: string) => {
    const cached = cache.get(forumId);
    if (cached && now() - cached.at < ttlMs) return cached.tags;
    const channel = (await rest.get(Routes.channel(forumId))) as { available_tags?: APIGuildForumTag[] };
    const tags = channel.available_tags ?? [];
    cache.set(forumId, { at: now(), tags });
    return tags;
  };
  return {
    async applicable(forumId, names) {
      if (names.length === 0) return [];
      let tags: APIGuildForumTag[];
      try {
        tags = await tagsOf(forumId);
      } catch {
        return [];
      }
      const byName = new Map(tags.filter((t) => !t.moderated).map((t) => [fold(t.name.trim()), t.id]));
      const ids = new Set<string>();
      for (const name of names) {
        const id = byName.get(fold(name.trim()));
        if (id) ids.add(id);
        if (ids.size === MAX_APPLIED_TAGS) break;
      }
      return [...ids];
    },
  };
}

const ARCHIVE_MINUTES = [60, 1440, 4320, 10080] as const;

/** The auto-archive choices of `/subscribe thread-archive:` (Discord's four durations). */
export const ARCHIVE_CHOICES = [
  { name: '1 hour', value: 60 },
  { name: '1 day', value: 1440 },
  { name: '3 days', value: 4320 },
  { name: '1 week', value: 10080 },
] as const;

/** Whether `/subscribe` asks for a thread per post: `thread: per-article`, or `thread-archive` alone. */
export function asksThreadPerPost(input: { thread: string | null; archiveMinutes: number | null }): boolean {
  return input.thread === 'per-article' || (input.thread === null && input.archiveMinutes !== null);
}

/**
 * A subscription's thread and publishing options from `/subscribe thread: thread-archive: publish:`, checked against
 * the channel it posts in by the rule of `channel-kinds.ts`. None given: neither.
 */
export function checkedThreadOptions(
  channelType: number,
  input: { thread: string | null; archiveMinutes: number | null; publish: boolean | null },
) {
  const perArticle = asksThreadPerPost(input);
  if (input.archiveMinutes !== null && !(ARCHIVE_MINUTES as readonly number[]).includes(input.archiveMinutes)) {
    throw new UserError('notOneOf', { value: String(input.archiveMinutes), allowed: ARCHIVE_MINUTES.map(String) });
  }
  if (perArticle && !takesThreadPerPost(channelType)) throw new UserError('threadNeedsTextChannel');
  if (input.publish && !takesPublish(channelType)) throw new UserError('publishNeedsAnnouncement');
  return {
    thread: perArticle ? ('per-article' as const) : null,
    threadArchiveMinutes: perArticle ? input.archiveMinutes : null,
    publish: input.publish === true,
  };
}

/**
 * The name of the tag `tag` names in a forum channel of the guild, as the forum spells it (case, width and
 * Traditional/Simplified Chinese folded); `forumTagsNotForum` for another kind of channel, `forumTagUnknown` (listing
 * the forum's tags) when it has none of that name.
 */
export async function forumTagNamed(rest: REST, guildId: string, channelId: string, tag: string): Promise<string> {
  const channel = (await channelOfGuild(rest, guildId, channelId)) as {
    type: number;
    available_tags?: APIGuildForumTag[];
  };
  if (channel.type !== ChannelType.GuildForum) throw new UserError('forumTagsNotForum', { channel: channelId });
  const tags = channel.available_tags ?? [];
  const found = tags.find((t) => fold(t.name.trim()) === fold(tag.trim()));
  if (!found) {
    const available = tags.map((t) => t.name).join(', ');
    throw new UserError('forumTagUnknown', { tag: tag.trim(), channel: channelId, available });
  }
  return found.name;
}
