import type { REST } from '@discordjs/rest';
import { type APIThreadChannel, Routes } from 'discord-api-types/v10';

/** How far Discord's clock may be behind ours when a thread's creation time is compared with an attempt's. */
const CLOCK_SKEW_MS = 5_000;
const DISCORD_EPOCH = 1_420_070_400_000n;

/** What identifies a forum post an earlier attempt may have started. */
export interface ForumPostQuery {
  guildId: string;
  forumId: string;
  /** The bot's user id: only its own posts are adopted. */
  botId: string;
  name: string;
  /** When the first attempt began (epoch ms, our clock). */
  since: number;
}

/**
 * The id of a forum post an earlier attempt started, or null: among the guild's active threads
 * (`GET /guilds/{id}/threads/active`), one in the forum, owned by the bot, with the expected name, created since the
 * attempt. Discord takes no nonce when starting a forum post, so this is how a retry after a crash between starting
 * the post and recording it finds that post instead of starting a second one.
 */
export async function findForumPost(rest: REST, query: ForumPostQuery): Promise<string | null> {
  const { threads } = (await rest.get(Routes.guildActiveThreads(query.guildId))) as { threads: APIThreadChannel[] };
  const found = threads.find(
    (t) =>
      t.parent_id === query.forumId &&
      t.owner_id === query.botId &&
      t.name.trim() === query.name.trim() &&
      createdAt(t) >= query.since - CLOCK_SKEW_MS,
  );
  return found?.id ?? null;
}

/** The thread's creation time: `thread_metadata.create_timestamp`, else (threads before 2022) its snowflake's. */
function createdAt(thread: APIThreadChannel): number {
  const stamp = thread.thread_metadata?.create_timestamp;
  return stamp ? Date.parse(stamp) : Number((BigInt(thread.id) >> 22n) + DISCORD_EPOCH);
}
