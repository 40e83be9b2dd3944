import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { checkMessage, Errors } from './limits.js';
import { buildMessage, storeMessage, withoutAllowedMentions } from './messages.js';
import { channelObject } from './objects.js';
import {
  EMPTY_MESSAGE,
  fail,
  invalidForm,
  type Json,
  MISSING_ACCESS,
  MISSING_PERMISSIONS,
  ok,
  type Route,
  UNKNOWN_CHANNEL,
  UNKNOWN_GUILD,
} from './route.js';
import { appliedTags } from './routes-threads.js';
import type { FakeState } from './state.js';

const THREAD_NAME_MAX = 100;

/**
 * Opening a DM with a user (`POST /users/@me/channels`), starting a forum post (`POST /channels/:id/threads`) and
 * listing a guild's active threads (`GET /guilds/:id/threads/active`).
 */
export const extraRoutes: Route[] = [
  {
    method: 'POST',
    path: '/users/@me/channels',
    auth: true,
    handle: ({ state, body }) => {
      const recipient = typeof body.recipient_id === 'string' ? body.recipient_id : '';
      if (!/^\d{17,20}$/.test(recipient)) return fail(400, 50035, 'Invalid Form Body');
      const existing = [...state.dmChannels.values()].find((c) => c.recipientId === recipient);
      const dm = existing ?? { id: state.snowflake(), recipientId: recipient };
      state.dmChannels.set(dm.id, dm);
      return ok({ id: dm.id, type: ChannelType.DM, last_message_id: null, recipients: [dmUser(recipient)] });
    },
  },
  {
    method: 'POST',
    path: '/channels/:channel/threads',
    auth: true,
    handle: ({ state, params, body }) => {
      const forum = state.liveChannel(params.channel ?? '');
      if (!forum) return UNKNOWN_CHANNEL();
      const perms = state.botPermissionsIn(forum);
      if (!(perms & PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS();
      // Creating a forum post needs Send Messages (shown as "Create Posts" on forums).
      if (!(perms & PermissionFlagsBits.SendMessages)) return MISSING_PERMISSIONS();
      if (forum.type !== ChannelType.GuildForum && forum.type !== ChannelType.GuildMedia) {
        return fail(400, 50024, 'Cannot execute action on this channel type');
      }
      const errors = new Errors();
      const nameLength = errors.text(['name'], body.name, THREAD_NAME_MAX, true);
      if (body.name !== undefined && nameLength === 0) {
        errors.add(['name'], { code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
      }
      const message = (typeof body.message === 'object' && body.message !== null ? body.message : null) as Json | null;
      if (!message) errors.add(['message'], { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      const check = message ? checkMessage(message, ['message']) : null;
      if (!errors.empty) return invalidForm(errors);
      if (check && !check.errors.empty) return invalidForm(check.errors);
      if (check?.empty) return EMPTY_MESSAGE();
      const tags = appliedTags(state, forum, body);
      if (!Array.isArray(tags)) return tags;
      const thread = {
        id: state.snowflake(),
        guildId: forum.guildId,
        name: String(body.name),
        type: ChannelType.PublicThread,
        topic: null,
        position: 0,
        parentId: forum.id,
        overwrites: [],
        access: 'ok' as const,
        deleted: false,
        lastMessageId: null,
        thread: { ownerId: state.bot.id, createdAt: state.now(), archived: false, appliedTags: tags },
      };
      state.channels.set(thread.id, thread);
      // A forum post's starter message has the thread's id.
      const starter = {
        ...buildMessage(state, message as Json, { channelId: thread.id, guildId: forum.guildId }),
        id: thread.id,
      };
      storeMessage(state, starter);
      return ok({ ...channelObject(thread), message: withoutAllowedMentions(starter) });
    },
  },
  {
    method: 'GET',
    path: '/guilds/:guild/threads/active',
    auth: true,
    handle: ({ state, params }) => {
      const guild = state.guilds.get(params.guild ?? '');
      if (!guild) return UNKNOWN_GUILD();
      // Like Discord: archived threads are left out (they are listed per channel, by other routes), newest id first.
      const threads = [...state.channels.values()]
        .filter((c) => c.guildId === guild.id && c.thread && !c.thread.archived && !c.deleted)
        .filter((c) => {
          const parent = state.liveChannel(c.parentId ?? '');
          return parent !== undefined && (state.botPermissionsIn(parent) & PermissionFlagsBits.ViewChannel) !== 0n;
        })
        .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      // `members`: the bot's own membership of each listed thread it joined (it joins the threads it starts).
      const members = threads
        .filter((c) => c.thread?.ownerId === state.bot.id)
        .map((c) => ({
          id: c.id,
          user_id: state.bot.id,
          join_timestamp: new Date(c.thread?.createdAt ?? 0).toISOString(),
          flags: 0,
        }));
      return ok({ threads: threads.map((c) => channelObject(c)), members });
    },
  },
];

/** Answers a post to a DM channel; `null` when `channelId` is not a DM the bot opened. */
export function postToDm(state: FakeState, channelId: string, body: Json) {
  const dm = state.dmChannels.get(channelId);
  if (!dm) return null;
  if (state.closedDms.has(dm.recipientId)) return fail(403, 50007, 'Cannot send messages to this user');
  const { errors, empty } = checkMessage(body);
  if (!errors.empty) return invalidForm(errors);
  if (empty) return EMPTY_MESSAGE();
  const message = buildMessage(state, body, { channelId: dm.id, guildId: '' });
  storeMessage(state, message);
  return ok(withoutAllowedMentions(message));
}

function dmUser(id: string) {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
}
