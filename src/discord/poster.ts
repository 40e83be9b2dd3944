import { REST, RESTEvents } from '@discordjs/rest';
import { type APIUser, Routes } from 'discord-api-types/v10';
import { findForumPost } from './forum-posts.js';
import { type GlobalLimit, restOptionsFor } from './global-limit.js';
import type { MessageBody } from './render.js';

export type { MessageBody } from './render.js';

/** Why a post could not be made; the publisher turns each kind into a publishing outcome. */
export type PostFailureKind =
  /** The channel is gone, or the bot cannot see/post in it, or it is a locked thread: stop posting there. */
  | 'no-access'
  /** Discord refused the payload (400, e.g. 50035): retrying the same body cannot help. */
  | 'rejected'
  /** 5xx, timeouts, exhausted rate-limit retries: try again later. */
  | 'transient'
  /** The message to edit is gone (10008 Unknown Message) or not the bot's (50005). */
  | 'message-gone';

export class PostError extends Error {
  override name = 'PostError';
  constructor(
    readonly kind: PostFailureKind,
    message: string,
    readonly code: number | string | null = null,
  ) {
    super(message);
  }
}

/** Posts to Discord channels: the transport the Discord publisher renders for. */
export interface Poster {
  /**
   * Posts `body` to the channel and returns the message id. `nonce` (≤ 25 characters) is sent with
   * `enforce_nonce`, so a retry of the same post within Discord's nonce window returns the first message.
   */
  post(channelId: string, body: MessageBody, nonce: string): Promise<string>;
  /**
   * Starts a forum post (a thread named `name`, ≤ 100 characters, whose first message is `body`) and returns the
   * thread id. Discord takes no nonce here, so the caller records its first attempt before calling; on a retry it
   * passes `earlier` (the guild and the time of that attempt), and a post the bot started with that name in this
   * forum since then (found with {@link findForumPost}) is returned instead of starting a second one. `appliedTags`:
   * ids of the forum's tags the post carries (at most 5).
   */
  /**
   * Replaces a message's content, embeds and components with `body` (`PATCH /channels/{c}/messages/{m}`); in a forum
   * post, the channel is the thread and the message its starter message (the same id). Repeating an edit changes
   * nothing.
   */
  edit?(channelId: string, messageId: string, body: MessageBody): Promise<void>;
  startThread?(
    channelId: string,
    name: string,
    body: MessageBody,
    earlier?: { guildId: string; since: number },
    appliedTags?: string[],
  ): Promise<string>;
}

/** 10003 Unknown Channel, 50001 Missing Access, 50013 Missing Permissions; in a thread, 50083 archived and locked, 160005 locked. */
const NO_ACCESS_CODES = new Set([10003, 50001, 50013, 50083, 160005]);
/** 10008 Unknown Message, 50005 Cannot edit a message authored by another user. */
const MESSAGE_GONE_CODES = new Set([10008, 50005]);

/** A poster over Discord's REST API (`@discordjs/rest` follows 429 headers and retries 5xx itself). */
export function createRestPoster(rest: REST): Poster {
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
  return {
    async post(channelId, body, nonce) {
      try {
        const message = (await rest.post(Routes.channelMessages(channelId), {
          body: { ...body, nonce, enforce_nonce: true },
        })) as { id: string };
        return message.id;
      } catch (err) {
        throw classify(err);
      }
    },
    async edit(channelId, messageId, body) {
      try {
        await rest.patch(Routes.channelMessage(channelId, messageId), { body });
      } catch (err) {
        throw classify(err);
      }
    },
    async startThread(channelId, name, body, earlier, appliedTags = []) {
      try {
        if (earlier) {
          const query = { ...earlier, forumId: channelId, botId: await botId(), name };
          const adopted = await findForumPost(rest, query);
          if (adopted) return adopted;
        }
        const tags = appliedTags.length > 0 ? { applied_tags: appliedTags } : {};
        const thread = (await rest.post(Routes.threads(channelId), { body: { name, message: body, ...tags } })) as {
          id: string;
        };
        return thread.id;
      } catch (err) {
        throw classify(err);
      }
    },
  };
}

/**
 * The REST client both the bot and the workers use; `api` points at Discord or a proxy/fake. With `globalLimit`,
 * every request but interaction responses waits for it (the global limit shared by all processes of the bot).
 * A crosspost past its rate limit is rejected rather than queued.
 */
export function createRest(token: string, api: string, globalLimit?: GlobalLimit | null): REST {
  return new REST({
    api,
    retries: 3,
    timeout: 15_000,
    // Publishing is limited per channel and hour: waiting out that limit would hold a delivery up to an hour, so a
    // crosspost past it fails at once and the message stays unpublished (see `crosspost`).
    rejectOnRateLimit: (limit) => limit.route.endsWith('/crosspost'),
    ...(globalLimit && restOptionsFor(globalLimit)),
  }).setToken(token);
}

/** Where {@link countRateLimits} counts, by scope (`global` or `route`). */
export interface RateLimitCounters {
  /** 429 answers (`herald_discord_rate_limited_total`). */
  answered: { inc(labels: { scope: 'global' | 'route' }): void };
  /** Waits for a bucket `rest` knows to be exhausted (`herald_discord_rate_limit_waits_total`). */
  waits: { inc(labels: { scope: 'global' | 'route' }): void };
}

/**
 * Counts the Discord rate limits `rest` meets: each 429 answer (its `response` event, which also catches a 429 no
 * header predicted, e.g. a bucket shared with another process) and, apart, each wait it makes before a request for a
 * bucket it knows to be exhausted (its `rateLimited` event, which also follows most 429s). Returns `rest`.
 */
export function countRateLimits(rest: REST, counters: RateLimitCounters): REST {
  rest.on(RESTEvents.RateLimited, (info) => counters.waits.inc({ scope: info.global ? 'global' : 'route' }));
  rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status === 429) {
      counters.answered.inc({ scope: response.headers.get('x-ratelimit-global') ? 'global' : 'route' });
    }
  });
  return rest;
}

/** `@discordjs/rest` ships CJS and ESM builds with distinct error classes, so errors are recognized by shape. */
export function isDiscordApiError(err: unknown): err is Error & { code: number | string; status: number } {
  return err instanceof Error && err.name.startsWith('DiscordAPIError') && 'status' in err && 'code' in err;
}

export function classify(err: unknown): PostError {
  if (isDiscordApiError(err)) {
    const code = typeof err.code === 'number' ? err.code : null;
    if (code !== null && MESSAGE_GONE_CODES.has(code)) return new PostError('message-gone', err.message, code);
    if (code !== null && NO_ACCESS_CODES.has(code)) return new PostError('no-access', err.message, code);
    if (err.status === 404 || err.status === 403) return new PostError('no-access', err.message, err.code);
    if (err.status >= 400 && err.status < 500 && err.status !== 429) {
      return new PostError('rejected', err.message, err.code);
    }
    return new PostError('transient', err.message, err.code);
  }
  return new PostError('transient', err instanceof Error ? err.message : String(err));
}
