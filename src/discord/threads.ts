import type { REST } from '@discordjs/rest';
import { type APIGuildForumTag, Routes } from 'discord-api-types/v10';
import { fold } from '../search/normalize.js';
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

/**
 * Starts a thread on a message and returns its id, which Discord makes the message's own id. A message has at most
 * one thread, so a retry after a crash that started it meets 160004 and continues with that thread. Rejects with
 * Discord's error otherwise.
 */
export async function startMessageThread(
  rest: REST,
  channelId: string,
  messageId: string,
  name: string,
  archiveMinutes: number,
): Promise<string> {
  try {
    const thread = (await rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: archiveMinutes },
    })) as { id: string };
    return thread.id;
  } catch (err) {
    if (isDiscordApiError(err) && err.code === THREAD_EXISTS) return messageId;
    throw err;
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
