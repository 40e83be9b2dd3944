import { InteractionType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { checkAutocomplete } from './command-limits.js';
import { checkMessage, Errors } from './limits.js';
import { applyEdit, buildMessage, storeMessage, withoutAllowedMentions } from './messages.js';
import {
  EMPTY_MESSAGE,
  fail,
  invalidForm,
  type Json,
  noContent,
  ok,
  type Route,
  type RouteContext,
  type RouteResult,
  UNKNOWN_MESSAGE,
} from './route.js';
import { editWebhookMessage, executeWebhook, getWebhookMessage, isChannelWebhook } from './routes-webhooks.js';
import type { FakeMessage, FakeState, InteractionRecord, InteractionResponseRecord } from './state.js';

const TOKEN_LIFETIME_MS = 15 * 60_000;
const DEFAULT_DEADLINE_MS = 3000;

/** Callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

const UNKNOWN_INTERACTION = () => fail(404, 10062, 'Unknown interaction');

function record(state: FakeState, rec: InteractionRecord, entry: Omit<InteractionResponseRecord, 'at' | 'delayMs'>) {
  const at = state.now();
  const full: InteractionResponseRecord = { ...entry, at, delayMs: at - rec.createdAt };
  rec.responses.push(full);
  for (const waiter of rec.waiters.splice(0)) waiter(full);
}

function callback({ state, params, body, query }: RouteContext): RouteResult {
  const rec = state.interactions.get(params.interaction ?? '');
  if (!rec || rec.token !== params.token) return UNKNOWN_INTERACTION();
  if (rec.acknowledged) return fail(400, 40060, 'Interaction has already been acknowledged.');
  // The docs: this endpoint is only valid for interactions received over the gateway; an interaction sent to the
  // app's interactions endpoint gets its initial response in the answer to that HTTP request.
  if (rec.http) return UNKNOWN_INTERACTION();
  const deadline =
    state.options.interactionDeadlineMs === undefined ? DEFAULT_DEADLINE_MS : state.options.interactionDeadlineMs;
  // Past the 3 s window Discord has already shown "The application did not respond" and forgets the interaction.
  if (deadline !== null && state.now() - rec.createdAt > deadline) return UNKNOWN_INTERACTION();
  return applyInitialResponse(state, rec, body, query.get('with_response') === 'true');
}

/**
 * Checks an initial response (`{ type, data }`) as Discord does and applies it to the interaction: what the callback
 * endpoint does for a gateway interaction, and what an HTTP interaction's answer does.
 */
export function applyInitialResponse(state: FakeState, rec: InteractionRecord, body: Json, withResponse: boolean) {
  const type = typeof body.type === 'number' ? body.type : -1;
  const allowed = ALLOWED_CALLBACKS[rec.type] ?? [];
  if (!allowed.includes(type)) {
    const errors = new Errors();
    errors.add(['type'], { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` });
    return invalidForm(errors);
  }
  const data = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Json;
  if (type === 4 || type === 7) {
    const { errors, empty } = checkMessage(data, ['data']);
    if (!errors.empty) return invalidForm(errors);
    if (type === 4 && empty) return EMPTY_MESSAGE();
  }
  if (type === 8) {
    const errors = checkAutocomplete(data);
    if (!errors.empty) return invalidForm(errors);
  }

  const ephemeral = (type === 4 || type === 5) && ((Number(data.flags) || 0) & MessageFlags.Ephemeral) !== 0;
  let message: FakeMessage | null = null;
  if (type === 4 || type === 5) {
    const flags = (ephemeral ? MessageFlags.Ephemeral : 0) | (type === 5 ? MessageFlags.Loading : 0);
    message = buildMessage(state, type === 5 ? {} : data, {
      channelId: rec.channelId,
      guildId: rec.guildId,
      type: rec.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      flags: flags | ((Number(data.flags) || 0) & ~MessageFlags.Ephemeral),
      webhookId: state.bot.id,
      interactionMetadata: {
        id: rec.id,
        type: rec.type as InteractionType.ApplicationCommand,
        user: userOf(rec),
        authorizing_integration_owners: { 0: rec.guildId },
      },
    });
    storeMessage(state, message);
    rec.original = message;
    rec.ephemeral = ephemeral;
  }
  if (type === 7 && rec.message) {
    applyEdit(state, rec.message, data);
    message = rec.message;
  }
  // After (deferred) update, the original response is the message the component is on.
  if ((type === 6 || type === 7) && rec.message && !rec.original) rec.original = rec.message;
  rec.acknowledged = true;
  record(state, rec, { kind: 'callback', callbackType: type, body, ephemeral, message });

  if (!withResponse) return noContent();
  return ok({
    interaction: {
      id: rec.id,
      type: rec.type,
      response_message_id: message?.id,
      response_message_loading: type === 5,
      response_message_ephemeral: ephemeral,
    },
    ...(message ? { resource: { type, message: withoutAllowedMentions(message) } } : {}),
  });
}

function userOf(rec: InteractionRecord) {
  return {
    id: rec.userId,
    username: `user${rec.userId.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
}

/** Resolves a webhook-token route to its interaction: unknown token 10015, expired token 50027. */
function byToken(state: FakeState, params: Record<string, string>): InteractionRecord | RouteResult {
  const rec = state.interactionsByToken.get(params.token ?? '');
  if (!rec || params.webhook !== state.bot.id) return fail(404, 10015, 'Unknown Webhook');
  if (state.now() - rec.createdAt > TOKEN_LIFETIME_MS) return fail(401, 50027, 'Invalid Webhook Token');
  return rec;
}

const isResult = (v: InteractionRecord | RouteResult): v is RouteResult => 'status' in v;

function target(rec: InteractionRecord, id: string | undefined): FakeMessage | null {
  if (id === '@original') return rec.original;
  return rec.followups.find((m) => m.id === id) ?? null;
}

/**
 * Interaction callbacks and the interaction webhook (original response and follow-ups); a channel webhook's execute and
 * message read and edit share their paths and are answered in routes-webhooks.ts.
 */
export const interactionRoutes: Route[] = [
  { method: 'POST', path: '/interactions/:interaction/:token/callback', auth: false, handle: callback },
  {
    method: 'GET',
    path: '/webhooks/:webhook/:token/messages/:message',
    auth: false,
    handle: (ctx) => {
      const { state, params } = ctx;
      if (isChannelWebhook(state, params.webhook)) return getWebhookMessage(ctx);
      const rec = byToken(state, params);
      if (isResult(rec)) return rec;
      const message = target(rec, params.message);
      return message ? ok(withoutAllowedMentions(message)) : UNKNOWN_MESSAGE();
    },
  },
  {
    method: 'PATCH',
    path: '/webhooks/:webhook/:token/messages/:message',
    auth: false,
    handle: (ctx) => {
      const { state, params, body } = ctx;
      if (isChannelWebhook(state, params.webhook)) return editWebhookMessage(ctx);
      const rec = byToken(state, params);
      if (isResult(rec)) return rec;
      const message = target(rec, params.message);
      if (!message) return UNKNOWN_MESSAGE();
      const { errors } = checkMessage(body);
      if (!errors.empty) return invalidForm(errors);
      applyEdit(state, message, body);
      const kind = params.message === '@original' ? 'edit-original' : 'edit-followup';
      const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      record(state, rec, { kind, callbackType: null, body, ephemeral, message });
      return ok(withoutAllowedMentions(message));
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/:webhook/:token/messages/:message',
    auth: false,
    handle: ({ state, params }) => {
      const rec = byToken(state, params);
      if (isResult(rec)) return rec;
      const message = target(rec, params.message);
      if (!message) return UNKNOWN_MESSAGE();
      const list = state.messages.get(message.channel_id) ?? [];
      state.messages.set(
        message.channel_id,
        list.filter((m) => m !== message),
      );
      if (message === rec.original) rec.original = null;
      rec.followups = rec.followups.filter((m) => m !== message);
      record(state, rec, { kind: 'delete', callbackType: null, body: null, ephemeral: false, message });
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/webhooks/:webhook/:token',
    auth: false,
    handle: (ctx) => {
      const { state, params, body, query } = ctx;
      if (isChannelWebhook(state, params.webhook)) return executeWebhook(ctx);
      const rec = byToken(state, params);
      if (isResult(rec)) return rec;
      // Before the initial response the interaction webhook does not exist yet.
      if (!rec.acknowledged) return fail(404, 10015, 'Unknown Webhook');
      const { errors, empty } = checkMessage(body);
      if (!errors.empty) return invalidForm(errors);
      if (empty) return EMPTY_MESSAGE();
      const flags = Number(body.flags) || 0;
      const message = buildMessage(state, body, {
        channelId: rec.channelId,
        guildId: rec.guildId,
        flags,
        webhookId: state.bot.id,
      });
      storeMessage(state, message);
      rec.followups.push(message);
      const ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
      record(state, rec, { kind: 'followup', callbackType: null, body, ephemeral, message });
      return query.get('wait') === 'true' ? ok(withoutAllowedMentions(message)) : noContent();
    },
  },
];
