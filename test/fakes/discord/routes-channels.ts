import { type APIMessageReference, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { checkMessage, Errors } from './limits.js';
import { applyEdit, buildMessage, storeMessage, withoutAllowedMentions } from './messages.js';
import { botMember, channelObject, guildChannels, guildObject } from './objects.js';
import {
  EMPTY_MESSAGE,
  fail,
  invalidForm,
  MISSING_ACCESS,
  MISSING_PERMISSIONS,
  ok,
  type Route,
  type RouteResult,
  UNKNOWN_CHANNEL,
  UNKNOWN_GUILD,
  UNKNOWN_MESSAGE,
} from './route.js';
import { postToDm } from './routes-extra.js';
import { threadRefusal } from './routes-threads.js';
import type { ChannelRecord, FakeState } from './state.js';

const NONCE_WINDOW_MS = 2 * 60_000;

/** Finds the channel and checks the bot can see it (and, when asked, has `need` there). */
function reach(state: FakeState, id: string | undefined, need = 0n): ChannelRecord | RouteResult {
  const channel = state.liveChannel(id ?? '');
  if (!channel) return UNKNOWN_CHANNEL();
  const perms = state.botPermissionsIn(channel);
  if (!(perms & PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS();
  if ((perms & need) !== need) return MISSING_PERMISSIONS();
  return channel;
}

const isResult = (v: ChannelRecord | RouteResult): v is RouteResult => 'status' in v;

/**
 * The message a post replies to (`message_reference`, same channel): none when absent, or when it does not exist and
 * `fail_if_not_exists` is false (Discord then posts it as a plain message); `unknown` when Discord refuses the post.
 */
function replyTo(state: FakeState, channel: ChannelRecord, value: unknown): APIMessageReference | null | 'unknown' {
  if (typeof value !== 'object' || value === null) return null;
  const ref = value as { message_id?: unknown; fail_if_not_exists?: unknown };
  const target = (state.messages.get(channel.id) ?? []).find((m) => m.id === ref.message_id);
  if (target) return { type: 0, message_id: target.id, channel_id: channel.id, guild_id: channel.guildId };
  return ref.fail_if_not_exists === false ? null : 'unknown';
}

/** Discord's answer to a reply to a message that does not exist. */
function UNKNOWN_REFERENCE(): RouteResult {
  const errors = new Errors();
  errors.add(['message_reference'], { code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' });
  return invalidForm(errors);
}

/** Channel, message and guild reads, and posting a message. */
export const channelRoutes: Route[] = [
  {
    method: 'GET',
    path: '/channels/:channel',
    auth: true,
    handle: ({ state, params }) => {
      const channel = reach(state, params.channel);
      return isResult(channel) ? channel : ok(channelObject(channel));
    },
  },
  {
    method: 'GET',
    path: '/channels/:channel/messages',
    auth: true,
    handle: ({ state, params, query }) => {
      const channel = reach(state, params.channel, PermissionFlagsBits.ReadMessageHistory);
      if (isResult(channel)) return channel;
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
      const after = query.get('after');
      // Newest first; with `after`, the `limit` messages right after that id (as Discord pages forward).
      const list = after
        ? (state.messages.get(channel.id) ?? [])
            .filter((m) => BigInt(m.id) > BigInt(after))
            .slice(0, limit)
            .reverse()
        : (state.messages.get(channel.id) ?? []).slice(-limit).reverse();
      return ok(list.map(withoutAllowedMentions));
    },
  },
  {
    method: 'POST',
    path: '/channels/:channel/messages',
    auth: true,
    handle: ({ state, params, body }) => {
      const dm = postToDm(state, params.channel ?? '', body);
      if (dm) return dm;
      // In a thread, what counts is Send Messages in Threads (in its parent channel).
      const inThread = state.liveChannel(params.channel ?? '')?.thread !== undefined;
      const need = inThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      const channel = reach(state, params.channel, need);
      if (isResult(channel)) return channel;
      const closed = threadRefusal(state, channel);
      if (closed) return closed;
      const { errors, empty } = checkMessage(body);
      if (!errors.empty) return invalidForm(errors);
      if (empty) return EMPTY_MESSAGE();

      // Discord documents the nonce check as "another message created by the same author with the same nonce in the
      // past few minutes", so the key is the author, not the channel.
      const nonce = body.nonce;
      const enforce = body.enforce_nonce === true && nonce !== undefined && nonce !== null;
      const key = `${state.bot.id}:${String(nonce)}`;
      const window = state.options.nonceWindowMs ?? NONCE_WINDOW_MS;
      const seen = enforce ? state.nonces.get(key) : undefined;
      if (seen && state.now() - seen.at < window) return ok(withoutAllowedMentions(seen.message));

      const reference = replyTo(state, channel, body.message_reference);
      if (reference === 'unknown') return UNKNOWN_REFERENCE();
      const flags = typeof body.flags === 'number' ? body.flags : 0;
      const origin = { channelId: channel.id, guildId: channel.guildId, flags, ...(reference && { reference }) };
      const message = buildMessage(state, body, origin);
      storeMessage(state, message);
      if (enforce) state.nonces.set(key, { message, at: state.now() });
      return ok(withoutAllowedMentions(message));
    },
  },
  {
    method: 'PATCH',
    path: '/channels/:channel/messages/:message',
    auth: true,
    handle: ({ state, params, body }) => {
      const channel = reach(state, params.channel);
      if (isResult(channel)) return channel;
      const message = (state.messages.get(channel.id) ?? []).find((m) => m.id === params.message);
      if (!message) return UNKNOWN_MESSAGE();
      // Only the author edits content, embeds and components (others may only suppress embeds, via flags).
      if (message.author.id !== state.bot.id) return fail(403, 50005, 'Cannot edit a message authored by another user');
      const { errors } = checkMessage(body);
      if (!errors.empty) return invalidForm(errors);
      const kept = (key: 'content' | 'embeds' | 'components') => (key in body ? body[key] : message[key]);
      const after = { content: kept('content'), embeds: kept('embeds'), components: kept('components') };
      if (checkMessage({ ...after, attachments: message.attachments }).empty) return EMPTY_MESSAGE();
      applyEdit(state, message, body);
      state.dispatch(
        'MESSAGE_UPDATE',
        { ...withoutAllowedMentions(message), guild_id: channel.guildId },
        GatewayIntentBits.GuildMessages,
      );
      return ok(withoutAllowedMentions(message));
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild',
    auth: true,
    handle: ({ state, params }) => {
      const guild = state.guilds.get(params.guild ?? '');
      return guild ? ok(guildObject(guild)) : UNKNOWN_GUILD();
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild/channels',
    auth: true,
    handle: ({ state, params }) =>
      state.guilds.has(params.guild ?? '') ? ok(guildChannels(state, params.guild ?? '')) : UNKNOWN_GUILD(),
  },
  {
    method: 'GET',
    path: '/guilds/:guild/roles',
    auth: true,
    handle: ({ state, params }) => {
      const guild = state.guilds.get(params.guild ?? '');
      return guild ? ok(guild.roles) : UNKNOWN_GUILD();
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild/members/:user',
    auth: true,
    handle: ({ state, params }) => {
      const guild = state.guilds.get(params.guild ?? '');
      if (!guild) return UNKNOWN_GUILD();
      return params.user === state.bot.id ? ok(botMember(state, guild)) : fail(404, 10007, 'Unknown Member');
    },
  },
];
