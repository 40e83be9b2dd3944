import type { REST } from '@discordjs/rest';
import {
  type APIChannel,
  type APIMessage,
  type APIUser,
  type APIWebhook,
  ChannelType,
  PermissionFlagsBits,
  Routes,
  WebhookType,
} from 'discord-api-types/v10';
import { UserError } from '../i18n/user-error.js';
import type { StoredWebhook, WebhookRepository } from '../store/store.js';
import { findForumPost } from './forum-posts.js';
import { botPermissions } from './guild-refs.js';
import { classify, type MessageBody, PostError } from './poster.js';
import { truncate } from './text.js';

/** The name Herald gives the webhooks it makes (each post shows its own name). */
const WEBHOOK_NAME = 'Herald';
/** `PostError.code` when the bot may not manage the channel's webhooks (Discord's 50013 there). */
export const MISSING_MANAGE_WEBHOOKS = 'manage-webhooks';
/** How far Discord's clock may be behind ours when a message's time is compared with an attempt's. */
const CLOCK_SKEW_MS = 5_000;
const DISCORD_EPOCH = 1_420_070_400_000n;
const THREADS = new Set<number>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);
const USERNAME_MAX = 80;

/** Where a webhook post goes. */
export interface WebhookTarget {
  guildId: string;
  /** A text or announcement channel, a forum (with `threadName`) or a thread (posted through its parent's webhook). */
  channelId: string;
  channelType: number | null;
  /** The name of the forum post to start, ≤ 100 characters; only for a forum channel. */
  threadName?: string;
  /** The forum's tag ids the new post carries (at most 5, none moderated); only with `threadName`. */
  appliedTags?: string[];
}

/** The name and avatar one post shows. */
export interface WebhookAuthor {
  username: string;
  /** An https URL; null: the webhook's own (Discord's default) avatar. */
  avatarUrl: string | null;
}

/** Posts through the one webhook Herald keeps per channel, making it when there is none. */
export interface WebhookPoster {
  /**
   * Posts `body` under `author` and returns the message id (a forum: the new post's thread id). Webhook executes take
   * no nonce, so the caller records its first attempt before calling; on a retry it passes `earlier` (when that
   * attempt began), and a message this webhook posted there since then with the same headline, link and text (a
   * forum: a post with the same name) is returned instead of posting a second one. A webhook Discord no longer knows
   * (10015, deleted under Herald) is made again once and the post retried; a second failure is thrown.
   */
  post(target: WebhookTarget, body: MessageBody, author: WebhookAuthor, earlier?: { since: number }): Promise<string>;
  /**
   * Replaces the text, embeds and components of `messageId`, a post this channel's webhook made in `target` (a forum:
   * the post's id, which is its first message's). The bot cannot edit a webhook's message through the channel, so
   * this goes through the webhook. A message that is gone, or a webhook that is (10015, so its messages are no
   * longer Herald's to edit), is a `message-gone` {@link PostError}; nothing is ever posted.
   */
  edit(target: WebhookTarget, messageId: string, body: MessageBody): Promise<void>;
}

/**
 * A {@link WebhookPoster} over Discord's REST API. Its webhooks are stored in `store`; their tokens never leave it
 * but in the request path. Executes are sent with `?wait=true` (Discord answers with the message, so its id can be
 * recorded) and without the bot's token; `@discordjs/rest` keeps to each webhook's bucket (5 per 2 s) from the
 * headers.
 */
export function createWebhookPoster(rest: REST, store: WebhookRepository, now: () => number = Date.now): WebhookPoster {
  const parents = new Map<string, string>();
  let me: Promise<string> | undefined;
  const botId = () => {
    me ??= (rest.get(Routes.user()) as Promise<APIUser>).then(
      (user) => user.id,
      (err: unknown) => {
        me = undefined;
        throw err;
      },
    );
    return me;
  };

  /** The channel whose webhook posts to `target`: a thread's parent. */
  const homeOf = async (target: WebhookTarget): Promise<{ home: string; threadId: string | null }> => {
    if (target.channelType === null || !THREADS.has(target.channelType))
      return { home: target.channelId, threadId: null };
    let parent = parents.get(target.channelId);
    if (!parent) {
      const channel = (await rest.get(Routes.channel(target.channelId))) as APIChannel & { parent_id?: string | null };
      if (!channel.parent_id) throw new PostError('rejected', `thread ${target.channelId} has no parent channel`);
      parent = channel.parent_id;
      parents.set(target.channelId, parent);
    }
    return { home: parent, threadId: target.channelId };
  };

  /** Makes the channel's webhook (adopting one Herald made there before, when `lookFirst`) and stores it. */
  const make = async (home: string, lookFirst: boolean): Promise<StoredWebhook> => {
    try {
      let hook: APIWebhook | undefined;
      if (lookFirst) {
        const [list, id] = await Promise.all([
          rest.get(Routes.channelWebhooks(home)) as Promise<APIWebhook[]>,
          botId(),
        ]);
        hook = list.find((w) => w.type === WebhookType.Incoming && w.user?.id === id && w.token);
      }
      hook ??= (await rest.post(Routes.channelWebhooks(home), { body: { name: WEBHOOK_NAME } })) as APIWebhook;
      const stored = { channelId: home, id: hook.id, token: hook.token as string };
      await store.save(stored, now());
      return stored;
    } catch (err) {
      const failure = classify(err);
      // Making or listing webhooks needs Manage Webhooks, and View Channel (50001) before it.
      if (failure.code === 50013) throw new PostError('no-access', failure.message, MISSING_MANAGE_WEBHOOKS);
      throw failure;
    }
  };

  const execute = async (hook: StoredWebhook, threadId: string | null, body: Record<string, unknown>) => {
    const query = new URLSearchParams({ wait: 'true', ...(threadId && { thread_id: threadId }) });
    return (await rest.post(Routes.webhook(hook.id, hook.token), { body, query, auth: false })) as APIMessage;
  };

  /** What an earlier attempt posted through `hook` in `channelId` since `since` (a forum: named `forumPost`), or null. */
  const adopt = async (
    hook: StoredWebhook,
    target: { guildId: string; channelId: string; forumPost: string | null },
    body: MessageBody,
    since: number,
  ): Promise<string | null> => {
    const { guildId, channelId, forumPost } = target;
    if (forumPost !== null)
      return findForumPost(rest, { guildId, forumId: channelId, botId: hook.id, name: forumPost, since });
    const after = ((BigInt(Math.max(0, since - CLOCK_SKEW_MS)) - DISCORD_EPOCH) << 22n).toString();
    const query = new URLSearchParams({ after, limit: '100' });
    const messages = (await rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    const marker = markerOf(body);
    return messages.find((m) => m.webhook_id === hook.id && markerOf(m) === marker)?.id ?? null;
  };

  return {
    async edit(target, messageId, body) {
      try {
        const forum = target.channelType === ChannelType.GuildForum;
        const { home, threadId } = await homeOf(target);
        const hook = await store.get(home);
        if (!hook) throw new PostError('message-gone', `no webhook of Herald's in ${home}`);
        const thread = forum ? messageId : threadId;
        const query = new URLSearchParams(thread ? { thread_id: thread } : {});
        await rest.patch(Routes.webhookMessage(hook.id, hook.token, messageId), { body, query, auth: false });
      } catch (err) {
        if (err instanceof PostError) throw err;
        const failure = classify(err);
        throw failure.code === 10015 ? new PostError('message-gone', failure.message, 10015) : failure;
      }
    },
    async post(target, body, author, earlier) {
      try {
        const { home, threadId } = await homeOf(target);
        let hook = (await store.get(home)) ?? (await make(home, true));
        const forumPost = threadId === null ? (target.threadName ?? null) : null;
        if (earlier) {
          const where = { guildId: target.guildId, channelId: threadId ?? home, forumPost };
          const adopted = await adopt(hook, where, body, earlier.since);
          if (adopted) return adopted;
        }
        const payload = {
          ...body,
          username: author.username,
          ...(author.avatarUrl && { avatar_url: author.avatarUrl }),
          ...(forumPost !== null && { thread_name: forumPost }),
          ...(forumPost !== null && target.appliedTags?.length && { applied_tags: target.appliedTags }),
        };
        let message: APIMessage;
        try {
          message = await execute(hook, threadId, payload);
        } catch (err) {
          if (classify(err).code !== 10015) throw err;
          // Deleted under Herald: made again once and the post retried; a second failure is the caller's outcome.
          await store.forget(home, hook.id);
          hook = await make(home, false);
          try {
            message = await execute(hook, threadId, payload);
          } catch (again) {
            const failure = classify(again);
            throw failure.code === 10015 ? new PostError('transient', failure.message, 10015) : failure;
          }
        }
        return forumPost !== null ? message.channel_id : message.id;
      } catch (err) {
        throw err instanceof PostError ? err : classify(err);
      }
    },
  };
}

/**
 * What identifies a post among a webhook's recent messages: its text and each embed's title and link (a delivery's
 * headline and article link; a roundup's title). Discord trims a message's text, so the text is compared trimmed.
 */
function markerOf(message: { content?: string; embeds?: Array<{ title?: string; url?: string }> }): string {
  return JSON.stringify([
    (message.content ?? '').trim(),
    (message.embeds ?? []).map((e) => [e.title ?? null, e.url ?? null]),
  ]);
}

/**
 * A name Discord accepts for a webhook post: 1 to 80 characters, without "discord" or "clyde" (Discord refuses
 * both), `@`, `#`, `:` or code fences, and not "everyone" or "here"; `fallback` when nothing is left.
 */
export function webhookUsername(name: string, fallback = WEBHOOK_NAME): string {
  let cleaned = name.replace(/\p{Cc}/gu, ' ');
  for (let previous = ''; previous !== cleaned; ) {
    previous = cleaned;
    cleaned = cleaned.replace(/discord|clyde|```|[@#:]/gi, '');
  }
  cleaned = cleaned.replace(/\s+/g, ' ').trim();
  cleaned = truncate(cleaned, USERNAME_MAX);
  return cleaned && !['everyone', 'here'].includes(cleaned.toLowerCase()) ? cleaned : fallback;
}

/**
 * Refuses, in the admin's language, a subscription that would post through a webhook in `channel` when the bot may
 * not make webhooks there (Manage Webhooks).
 */
export async function requireManageWebhooks(
  rest: REST,
  botId: string,
  channel: { id: string; guild_id: string; type: number; permission_overwrites?: unknown },
): Promise<void> {
  const perms = await botPermissions(rest, botId, channel);
  if ((perms & PermissionFlagsBits.ManageWebhooks) === 0n) {
    throw new UserError('webhookNeedsPermission', { channel: channel.id });
  }
}
