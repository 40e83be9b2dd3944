import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { MessageBody } from './render.js';

export type { MessageBody } from './render.js';

/** Why a post could not be made, as far as the pipeline cares. */
export type PostFailureKind =
  /** The channel is gone or the bot cannot see/post in it (10003, 50001, 50013): stop posting there. */
  | 'no-access'
  /** Discord refused the payload (400, e.g. 50035): retrying the same body cannot help. */
  | 'rejected'
  /** 5xx, timeouts, exhausted rate-limit retries: try again later. */
  | 'transient';

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

/** Port for posting one message to a channel. */
export interface Poster {
  /**
   * Posts `body` to the channel and returns the message id. `nonce` (≤ 25 characters) is sent with
   * `enforce_nonce`, so a retry of the same post within Discord's nonce window returns the first message.
   */
  post(channelId: string, body: MessageBody, nonce: string): Promise<string>;
  /**
   * Starts a forum post (a thread named `name`, ≤ 100 characters, whose first message is `body`) and returns the
   * thread id. Discord takes no nonce here: the delivery record alone guards against a second post.
   */
  startThread?(channelId: string, name: string, body: MessageBody): Promise<string>;
}

const NO_ACCESS_CODES = new Set([10003, 50001, 50013]);

/** A poster over Discord's REST API (`@discordjs/rest` follows 429 headers and retries 5xx itself). */
export function createRestPoster(rest: REST): Poster {
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
    async startThread(channelId, name, body) {
      try {
        const thread = (await rest.post(Routes.threads(channelId), { body: { name, message: body } })) as {
          id: string;
        };
        return thread.id;
      } catch (err) {
        throw classify(err);
      }
    },
  };
}

/** The REST client both the bot and the workers use; `api` points at Discord or a proxy/fake. */
export function createRest(token: string, api: string): REST {
  return new REST({ api, retries: 3, timeout: 15_000 }).setToken(token);
}

/** `@discordjs/rest` ships CJS and ESM builds with distinct error classes, so errors are recognized by shape. */
function isDiscordApiError(err: unknown): err is Error & { code: number | string; status: number } {
  return err instanceof Error && err.name.startsWith('DiscordAPIError') && 'status' in err && 'code' in err;
}

function classify(err: unknown): PostError {
  if (isDiscordApiError(err)) {
    const code = typeof err.code === 'number' ? err.code : null;
    if (code !== null && NO_ACCESS_CODES.has(code)) return new PostError('no-access', err.message, code);
    if (err.status === 404 || err.status === 403) return new PostError('no-access', err.message, err.code);
    if (err.status >= 400 && err.status < 500 && err.status !== 429) {
      return new PostError('rejected', err.message, err.code);
    }
    return new PostError('transient', err.message, err.code);
  }
  return new PostError('transient', err instanceof Error ? err.message : String(err));
}
