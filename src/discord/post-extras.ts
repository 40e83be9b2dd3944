import type { REST } from '@discordjs/rest';
import { ChannelType } from 'discord-api-types/v10';
import { TEXT_CHANNEL, takesPublish, takesThreadPerPost } from '../ports/channel-kinds.js';
import type { ArticlePublication, Destination, PublishOutcome } from '../ports/publisher.js';
import { type CrosspostResult, crosspost } from './crosspost.js';
import {
  createForumTags,
  type ForumTags,
  type MessageThreadResult,
  startMessageThread,
  threadName,
} from './threads.js';

/** What a post may need beyond its message: a thread on it, publishing it, a forum post's tags. */
export interface PostExtras {
  /** Starts a thread on a message (see {@link startMessageThread}); a retry continues the thread it started. */
  startThread(channelId: string, messageId: string, name: string, archiveMinutes: number): Promise<MessageThreadResult>;
  /** Publishes a message of an announcement channel (see {@link crosspost}); a retry is published once. */
  crosspost(channelId: string, messageId: string): Promise<CrosspostResult>;
  tags: ForumTags;
}

/** The extras over one REST client, the one posts go through. */
export function createRestPostExtras(rest: REST): PostExtras {
  return {
    startThread: (channelId, messageId, name, archiveMinutes) =>
      startMessageThread(rest, channelId, messageId, name, archiveMinutes),
    crosspost: (channelId, messageId) => crosspost(rest, channelId, messageId),
    tags: createForumTags(rest),
  };
}

/** The tag ids of a forum post: none outside a forum. */
export function forumTagIds(extras: PostExtras | null | undefined, destination: Destination, names?: string[]) {
  if (!extras || !names?.length || destination.channelType !== ChannelType.GuildForum) return Promise.resolve([]);
  return extras.tags.applicable(destination.channelId, names);
}

/**
 * Once a message is posted: publishes it when asked (announcement channels only), then starts its thread when asked
 * (text and announcement channels only), in that order so a retry after a crash does both at most once. What fails
 * is added to the outcome's `problems`; the post stands.
 */
export async function afterPost(
  extras: PostExtras | null | undefined,
  destination: Destination,
  outcome: PublishOutcome,
  asked: { publish?: boolean; thread?: ArticlePublication['thread']; headline?: string },
): Promise<PublishOutcome> {
  if (!extras || outcome.status !== 'delivered') return outcome;
  const { channelId, channelType } = destination;
  const problems: string[] = [];
  let published = false;
  if (asked.publish && takesPublish(channelType)) {
    const result = await extras.crosspost(channelId, outcome.messageId);
    if (result.published) published = true;
    else problems.push(result.problem);
  }
  // A channel whose type was not recorded (null) is taken for a text channel.
  if (asked.thread && asked.headline !== undefined && takesThreadPerPost(channelType ?? TEXT_CHANNEL)) {
    const name = threadName(asked.headline);
    const result = await extras.startThread(channelId, outcome.messageId, name, asked.thread.archiveMinutes);
    if ('problem' in result) problems.push(result.problem);
  }
  return { ...outcome, ...(published && { published }), ...(problems.length && { problems }) };
}
