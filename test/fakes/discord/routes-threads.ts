import { ChannelType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { Errors } from './limits.js';
import { withoutAllowedMentions } from './messages.js';
import { channelObject } from './objects.js';
import { bucketHash } from './rate-limit.js';
import {
  fail,
  invalidForm,
  type Json,
  MISSING_ACCESS,
  MISSING_PERMISSIONS,
  type Route,
  type RouteResult,
  UNKNOWN_CHANNEL,
  UNKNOWN_MESSAGE,
} from './route.js';
import type { ChannelRecord, FakeState } from './state.js';

const F = PermissionFlagsBits;
const THREAD_NAME_MAX = 100;
const ARCHIVE_MINUTES = [60, 1440, 4320, 10080];
/** Discord's publishing limit: about 10 crossposts per announcement channel per hour. */
export const CROSSPOSTS_PER_HOUR = 10;
const HOUR_MS = 3_600_000;
const MAX_APPLIED_TAGS = 5;

/**
 * Starting a thread on a message (`POST /channels/:id/messages/:id/threads`) and publishing a message of an
 * announcement channel (`POST /channels/:id/messages/:id/crosspost`, at most {@link CROSSPOSTS_PER_HOUR} an hour per
 * channel, answered 429 past it as Discord answers).
 */
export const threadRoutes: Route[] = [
  {
    method: 'POST',
    path: '/channels/:channel/messages/:message/threads',
    auth: true,
    handle: ({ state, params, body }) => {
      const found = messageIn(state, params.channel, params.message, F.CreatePublicThreads);
      if ('status' in found) return found;
      const { channel, message } = found;
      if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
        return fail(400, 50024, 'Cannot execute action on this channel type');
      }
      const errors = new Errors();
      const nameLength = errors.text(['name'], body.name, THREAD_NAME_MAX, true);
      if (typeof body.name === 'string' && nameLength === 0) {
        errors.add(['name'], { code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
      }
      const archive = body.auto_archive_duration;
      if (archive !== undefined && archive !== null && !ARCHIVE_MINUTES.includes(archive as number)) {
        errors.add(['auto_archive_duration'], {
          code: 'BASE_TYPE_CHOICES',
          message: `Value must be one of {${ARCHIVE_MINUTES.join(', ')}}.`,
        });
      }
      if (!errors.empty) return invalidForm(errors);
      // The thread takes the message's id, so a message has at most one.
      if (state.channels.has(message.id))
        return fail(400, 160004, 'A thread has already been created for this message');
      const thread: ChannelRecord = {
        id: message.id,
        guildId: channel.guildId,
        name: String(body.name),
        type:
          channel.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
        topic: null,
        position: 0,
        parentId: channel.id,
        overwrites: [],
        access: 'ok',
        deleted: false,
        lastMessageId: null,
        thread: {
          ownerId: state.bot.id,
          createdAt: state.now(),
          archived: false,
          autoArchiveMinutes: typeof archive === 'number' ? archive : 4320,
        },
      };
      state.channels.set(thread.id, thread);
      return { status: 201, body: channelObject(thread) };
    },
  },
  {
    method: 'POST',
    path: '/channels/:channel/messages/:message/crosspost',
    auth: true,
    handle: ({ state, params }) => {
      const { refusal, headers } = crosspostLimit(state, params.channel ?? '');
      if (refusal) return refusal;
      const result = publish(state, params);
      return { ...result, headers: { ...headers, ...result.headers } };
    },
  },
];

/** Publishes the message, or answers why not. */
function publish(state: FakeState, params: Record<string, string>): RouteResult {
  const found = messageIn(state, params.channel, params.message, F.SendMessages);
  if ('status' in found) return found;
  const { channel, message } = found;
  if (channel.type !== ChannelType.GuildAnnouncement)
    return fail(400, 50024, 'Cannot execute action on this channel type');
  // Publishing another member's message takes Manage Messages as well.
  if (message.author.id !== state.bot.id && !(state.botPermissionsIn(channel) & F.ManageMessages)) {
    return MISSING_PERMISSIONS();
  }
  if ((message.flags ?? 0) & MessageFlags.Crossposted) {
    return fail(400, 40033, 'This message has already been crossposted');
  }
  message.flags = (message.flags ?? 0) | MessageFlags.Crossposted;
  return { status: 200, body: withoutAllowedMentions(message) };
}

/**
 * What a post in a thread meets: a locked thread refuses the bot unless it has Manage Threads (50083 when it is also
 * archived, else 160005); an archived one is unarchived by the post, as Discord does. Null: post.
 */
export function threadRefusal(state: FakeState, channel: ChannelRecord): RouteResult | null {
  const thread = channel.thread;
  if (!thread) return null;
  if (thread.locked && !(state.botPermissionsIn(channel) & F.ManageThreads)) {
    return thread.archived ? fail(400, 50083, 'Thread is archived') : fail(403, 160005, 'Thread is locked');
  }
  thread.archived = false;
  return null;
}

/**
 * The `applied_tags` of a new forum post, checked as Discord checks them: at most 5, each one of the forum's tags, a
 * moderated one only with Manage Threads.
 */
export function appliedTags(state: FakeState, forum: ChannelRecord, body: Json): string[] | RouteResult {
  const tags = body.applied_tags;
  if (tags === undefined || tags === null) return [];
  const errors = new Errors();
  if (!Array.isArray(tags) || tags.length > MAX_APPLIED_TAGS) {
    errors.add(['applied_tags'], { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
    return invalidForm(errors);
  }
  for (const [i, id] of tags.entries()) {
    const tag = forum.availableTags?.find((t) => t.id === id);
    if (!tag) errors.add(['applied_tags', i], { code: 'INVALID_TAG', message: 'Invalid tag.' });
    else if (tag.moderated && !(state.botPermissionsIn(forum) & F.ManageThreads)) return MISSING_PERMISSIONS();
  }
  return errors.empty ? (tags as string[]) : invalidForm(errors);
}

/** The channel (which the bot can see and has `need` in) and its message, or Discord's refusal. */
function messageIn(state: FakeState, channelId = '', messageId = '', need: bigint) {
  const channel = state.liveChannel(channelId);
  if (!channel) return UNKNOWN_CHANNEL();
  const perms = state.botPermissionsIn(channel);
  if (!(perms & F.ViewChannel)) return MISSING_ACCESS();
  if ((perms & need) !== need) return MISSING_PERMISSIONS();
  const message = (state.messages.get(channel.id) ?? []).find((m) => m.id === messageId);
  return message ? { channel, message } : UNKNOWN_MESSAGE();
}

/**
 * Counts a crosspost in the channel's hour and answers the limit's headers, or Discord's 429 with them when the hour
 * is spent.
 */
function crosspostLimit(state: FakeState, channelId: string) {
  const now = state.now();
  const recent = (state.crossposts.get(channelId) ?? []).filter((at) => now - at < HOUR_MS);
  const resetAfter = recent.length > 0 ? ((recent[0] as number) + HOUR_MS - now) / 1000 : HOUR_MS / 1000;
  const headers = {
    'X-RateLimit-Limit': String(CROSSPOSTS_PER_HOUR),
    'X-RateLimit-Reset-After': resetAfter.toFixed(3),
    'X-RateLimit-Reset': ((now + resetAfter * 1000) / 1000).toFixed(3),
    'X-RateLimit-Bucket': bucketHash('POST /channels/:channel/messages/:message/crosspost'),
  };
  if (recent.length >= CROSSPOSTS_PER_HOUR) {
    state.crossposts.set(channelId, recent);
    const refusal: RouteResult = {
      status: 429,
      body: {
        message: 'You are being rate limited.',
        retry_after: Math.round(resetAfter * 1000) / 1000,
        global: false,
      },
      headers: {
        ...headers,
        'X-RateLimit-Remaining': '0',
        'Retry-After': String(Math.ceil(resetAfter)),
        'X-RateLimit-Scope': 'user',
      },
    };
    return { refusal, headers };
  }
  recent.push(now);
  state.crossposts.set(channelId, recent);
  return {
    refusal: null,
    headers: { ...headers, 'X-RateLimit-Remaining': String(CROSSPOSTS_PER_HOUR - recent.length) },
  };
}
