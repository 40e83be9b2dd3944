import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import { fold } from '../../search/normalize.js';
import type { ForumTagMapRow } from '../../store/store.js';

type ForumTagDeps = Pick<Deps, 'store' | 'now'>;

/**
 * Maps a topic label to a tag of a forum channel of the guild (the caller checked the forum has that tag): posts
 * there about the label get that tag. A label already mapped there gets the new tag instead.
 */
export function mapForumTag(
  deps: ForumTagDeps,
  input: { guildId: string; channelId: string; topic: string; tag: string },
): Promise<ForumTagMapRow> {
  const topic = input.topic.trim();
  return deps.store.forumTags.map({ ...input, topic, topicKey: fold(topic) }, deps.now());
}

/** Removes the guild's mapping of a label in a forum; `forumTagNotMapped` when there is none. */
export async function removeForumTag(
  deps: ForumTagDeps,
  input: { guildId: string; channelId: string; topic: string },
): Promise<void> {
  const topic = input.topic.trim();
  if (!(await deps.store.forumTags.remove(input.guildId, input.channelId, fold(topic)))) {
    throw new UserError('forumTagNotMapped', { topic, channel: input.channelId });
  }
}

/** The guild's forum tag mappings, by channel, then label. */
export function listForumTags(deps: ForumTagDeps, guildId: string): Promise<ForumTagMapRow[]> {
  return deps.store.forumTags.ofGuild(guildId);
}
