import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { checkMessage, discordLength, Errors } from './limits.js';
import { applyEdit, buildMessage, storeMessage, withoutAllowedMentions } from './messages.js';
import {
  EMPTY_MESSAGE,
  fail,
  invalidForm,
  type Json,
  MISSING_ACCESS,
  MISSING_PERMISSIONS,
  noContent,
  ok,
  type Route,
  type RouteContext,
  type RouteResult,
  UNKNOWN_CHANNEL,
  UNKNOWN_MESSAGE,
} from './route.js';
import { appliedTags, threadRefusal } from './routes-threads.js';
import type { ChannelRecord, FakeState, WebhookRecord } from './state.js';

/** Discord allows 15 webhooks per channel (30007 past it). */
export const MAX_WEBHOOKS_PER_CHANNEL = 15;
const NAME_MAX = 80;
const THREAD_NAME_MAX = 100;
const UNKNOWN_WEBHOOK = () => fail(404, 10015, 'Unknown Webhook');
const FORUMS: number[] = [ChannelType.GuildForum, ChannelType.GuildMedia];
const THREADS: number[] = [ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread];

/** Whether a `/webhooks/{id}/{token}` request is for a channel webhook rather than an interaction's. */
export function isChannelWebhook(state: FakeState, webhookId: string | undefined): boolean {
  return webhookId !== state.bot.id;
}

/** The webhook object Discord answers; `withToken` for incoming webhooks listed or created with Manage Webhooks. */
function webhookObject(state: FakeState, hook: WebhookRecord, withToken = true): Json {
  return {
    id: hook.id,
    type: 1,
    guild_id: hook.guildId,
    channel_id: hook.channelId,
    user: state.bot,
    name: hook.name,
    avatar: null,
    application_id: state.bot.id,
    ...(withToken ? { token: hook.token } : {}),
  };
}

/** The channel, seen by the bot with Manage Webhooks, or Discord's error. */
function manageable(state: FakeState, channelId: string | undefined): ChannelRecord | RouteResult {
  const channel = state.liveChannel(channelId ?? '');
  if (!channel) return UNKNOWN_CHANNEL();
  const perms = state.botPermissionsIn(channel);
  if (!(perms & PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS();
  if (!(perms & PermissionFlagsBits.ManageWebhooks)) return MISSING_PERMISSIONS();
  return channel;
}

const isResult = (v: unknown): v is RouteResult => typeof v === 'object' && v !== null && 'status' in v;

/**
 * A webhook or username name as Discord checks it: 1 to 80 characters, and never containing "clyde" or "discord"
 * (Discord answers 50035 for either).
 */
function checkName(errors: Errors, path: string[], value: unknown, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) errors.add(path, { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, { code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
    return;
  }
  const length = discordLength(value);
  if (length < 1 || length > NAME_MAX) {
    errors.add(path, { code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${NAME_MAX} in length.` });
  }
  for (const word of ['clyde', 'discord']) {
    if (value.toLowerCase().includes(word)) {
      errors.add(path, { code: 'USERNAME_INVALID_CONTAINS', message: `Username cannot contain "${word}"` });
    }
  }
}

/** A channel webhook by id and token; a deleted channel takes its webhooks with it. */
function hookOf(state: FakeState, params: Record<string, string>): WebhookRecord | RouteResult {
  const hook = state.webhooks.get(params.webhook ?? '');
  if (!hook || hook.token !== params.token || !state.liveChannel(hook.channelId)) return UNKNOWN_WEBHOOK();
  return hook;
}

/** `POST /channels/{id}/webhooks`: needs Manage Webhooks; 15 per channel; not on a thread. */
export function createWebhook({ state, params, body }: RouteContext): RouteResult {
  const channel = manageable(state, params.channel);
  if (isResult(channel)) return channel;
  if (THREADS.includes(channel.type)) return fail(400, 50024, 'Cannot execute action on this channel type');
  const errors = new Errors();
  checkName(errors, ['name'], body.name, true);
  if (!errors.empty) return invalidForm(errors);
  const existing = [...state.webhooks.values()].filter((w) => w.channelId === channel.id);
  if (existing.length >= MAX_WEBHOOKS_PER_CHANNEL) {
    return fail(400, 30007, `Maximum number of webhooks reached (${MAX_WEBHOOKS_PER_CHANNEL})`);
  }
  const hook: WebhookRecord = {
    id: state.snowflake(),
    token: `${state.snowflake()}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
    channelId: channel.id,
    guildId: channel.guildId,
    name: String(body.name),
    creatorId: state.bot.id,
  };
  state.webhooks.set(hook.id, hook);
  return ok(webhookObject(state, hook));
}

/** `GET /channels/{id}/webhooks`: needs Manage Webhooks. */
export function listWebhooks({ state, params }: RouteContext): RouteResult {
  const channel = manageable(state, params.channel);
  if (isResult(channel)) return channel;
  const hooks = [...state.webhooks.values()].filter((w) => w.channelId === channel.id);
  return ok(hooks.map((w) => webhookObject(state, w)));
}

/** `DELETE /webhooks/{id}`: needs Manage Webhooks in the webhook's channel. */
export function deleteWebhook({ state, params }: RouteContext): RouteResult {
  const hook = state.webhooks.get(params.webhook ?? '');
  if (!hook || !state.liveChannel(hook.channelId)) return UNKNOWN_WEBHOOK();
  const channel = manageable(state, hook.channelId);
  if (isResult(channel)) return channel;
  state.webhooks.delete(hook.id);
  return noContent();
}

/**
 * `POST /webhooks/{id}/{token}` for a channel webhook: `wait`, `thread_id` (a thread of the webhook's channel),
 * `thread_name` (a new post in a forum; a forum needs one of the two). Executing needs no permission of the bot.
 */
export function executeWebhook({ state, params, body, query }: RouteContext): RouteResult {
  const hook = hookOf(state, params);
  if (isResult(hook)) return hook;
  const home = state.liveChannel(hook.channelId) as ChannelRecord;
  const { errors, empty } = checkMessage(body);
  checkName(errors, ['username'], body.username, false);
  errors.url(['avatar_url'], body.avatar_url, false);
  const threadNameLength = errors.text(['thread_name'], body.thread_name, THREAD_NAME_MAX);
  if (body.thread_name !== undefined && threadNameLength === 0) {
    errors.add(['thread_name'], { code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  }
  if (body.nonce !== undefined || body.enforce_nonce !== undefined) {
    errors.add(['nonce'], { code: 'UNKNOWN_FIELD', message: 'Webhook executes take no nonce.' });
  }
  if (!errors.empty) return invalidForm(errors);
  if (empty) return EMPTY_MESSAGE();

  const threadId = query.get('thread_id');
  let channel = home;
  if (threadId) {
    const thread = state.liveChannel(threadId);
    if (!thread?.thread || thread.parentId !== home.id) return UNKNOWN_CHANNEL();
    // Archived: the post unarchives it, as a member's does; locked: refused.
    const refusal = threadRefusal(state, thread);
    if (refusal) return refusal;
    channel = thread;
  } else if (FORUMS.includes(home.type)) {
    if (body.thread_name === undefined) {
      return fail(400, 220001, 'Webhooks posted to forum channels must have a thread_name or thread_id');
    }
    const tags = appliedTags(state, home, body);
    if (isResult(tags)) return tags;
    channel = {
      id: state.snowflake(),
      guildId: home.guildId,
      name: String(body.thread_name),
      type: ChannelType.PublicThread,
      topic: null,
      position: 0,
      parentId: home.id,
      overwrites: [],
      access: 'ok',
      deleted: false,
      lastMessageId: null,
      // A post a webhook starts is owned by the webhook.
      thread: { ownerId: hook.id, createdAt: state.now(), archived: false, appliedTags: tags },
    };
    state.channels.set(channel.id, channel);
  } else if (body.thread_name !== undefined) {
    return fail(400, 220003, 'Webhooks can only create threads in forum channels');
  }

  const message = buildMessage(state, body, { channelId: channel.id, guildId: home.guildId, webhookId: hook.id });
  // A forum post's starter message has the thread's id.
  if (channel !== home && !threadId) message.id = channel.id;
  message.author = {
    id: hook.id,
    username: typeof body.username === 'string' ? body.username : hook.name,
    avatar: null,
    discriminator: '0000',
    global_name: null,
    bot: true,
  };
  storeMessage(state, message);
  return query.get('wait') === 'true' ? ok(withoutAllowedMentions(message)) : noContent();
}

/** One of a channel webhook's own messages, in its channel or (`thread_id`) in a thread of it, or Discord's error. */
function ownMessage(state: FakeState, { params, query }: RouteContext) {
  const hook = hookOf(state, params);
  if (isResult(hook)) return hook;
  const threadId = query.get('thread_id');
  if (threadId && state.liveChannel(threadId)?.parentId !== hook.channelId) return UNKNOWN_CHANNEL();
  const message = (state.messages.get(threadId ?? hook.channelId) ?? []).find(
    (m) => m.id === params.message && m.webhook_id === hook.id,
  );
  return message ?? UNKNOWN_MESSAGE();
}

/** `GET /webhooks/{id}/{token}/messages/{message}` for a channel webhook: one of its own messages. */
export function getWebhookMessage(ctx: RouteContext): RouteResult {
  const message = ownMessage(ctx.state, ctx);
  return isResult(message) ? message : ok(withoutAllowedMentions(message));
}

/**
 * `PATCH /webhooks/{id}/{token}/messages/{message}` for a channel webhook: edits one of its own messages (in a thread
 * with `thread_id`); a message of another author or elsewhere is 10008, as Discord answers.
 */
export function editWebhookMessage(ctx: RouteContext): RouteResult {
  const { state, body } = ctx;
  const message = ownMessage(state, ctx);
  if (isResult(message)) return message;
  const { errors } = checkMessage(body);
  if (!errors.empty) return invalidForm(errors);
  applyEdit(state, message, body);
  return ok(withoutAllowedMentions(message));
}

/** The bot-token routes of channel webhooks; executing one and reading its messages share the interaction routes. */
export const webhookRoutes: Route[] = [
  { method: 'POST', path: '/channels/:channel/webhooks', auth: true, handle: createWebhook },
  { method: 'GET', path: '/channels/:channel/webhooks', auth: true, handle: listWebhooks },
  { method: 'DELETE', path: '/webhooks/:webhook', auth: true, handle: deleteWebhook },
];
