import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { isDiscordApiError } from './poster.js';

/** Discord: "This message has already been crossposted". */
const ALREADY_CROSSPOSTED = 40033;

/** What publishing one message came to: published, or why not (for the logs). */
export type CrosspostResult = { published: true } | { published: false; problem: string };

/**
 * Publishes (crossposts) a message of an announcement channel to the channels following it. A message already
 * published (a retry after a crash that published it) counts as published. Discord allows about 10 publishes per
 * channel an hour: the REST client rejects at once when that is spent (see `createRest`) rather than wait up to an
 * hour, and the message stays posted, unpublished. Never rejects.
 */
export async function crosspost(rest: REST, channelId: string, messageId: string): Promise<CrosspostResult> {
  try {
    await rest.post(Routes.channelMessageCrosspost(channelId, messageId));
    return { published: true };
  } catch (err) {
    if (isDiscordApiError(err) && err.code === ALREADY_CROSSPOSTED) return { published: true };
    return { published: false, problem: `publish: ${err instanceof Error ? err.message : String(err)}` };
  }
}
