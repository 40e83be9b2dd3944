import {
  type APIAllowedMentions,
  type APIEmbed,
  type APIMessageInteractionMetadata,
  type APIMessageReference,
  GatewayIntentBits,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import { messageAttachments } from './attachments.js';
import type { FakeMessage, FakeState } from './state.js';

type Json = Record<string, unknown>;

/** Where a new message comes from, beyond its body. */
export interface MessageOrigin {
  channelId: string;
  guildId: string;
  type?: MessageType;
  flags?: number;
  /** Interaction responses are sent through the application's webhook. */
  webhookId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  /** The message it replies to (type REPLY). */
  reference?: APIMessageReference;
}

/** Builds Discord's message object for a body that already passed `checkMessage`. */
export function buildMessage(state: FakeState, body: Json, origin: MessageOrigin): FakeMessage {
  const content = typeof body.content === 'string' ? body.content : '';
  const allowed = (body.allowed_mentions ?? null) as APIAllowedMentions | null;
  const mentions = resolveMentions(state, origin.guildId, content, allowed);
  const nonce = body.nonce as string | number | undefined;
  return {
    id: state.snowflake(),
    type: origin.type ?? (origin.reference ? MessageType.Reply : MessageType.Default),
    channel_id: origin.channelId,
    author: state.bot,
    content,
    timestamp: new Date(state.now()).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: mentions.everyone,
    mentions: [],
    mention_roles: mentions.roles,
    attachments: messageAttachments(body),
    embeds: normalizeEmbeds(body.embeds),
    pinned: false,
    flags: origin.flags ?? (typeof body.flags === 'number' ? body.flags : 0),
    components: Array.isArray(body.components) ? body.components : [],
    ...(nonce !== undefined ? { nonce } : {}),
    ...(origin.webhookId ? { webhook_id: origin.webhookId, application_id: state.bot.id } : {}),
    ...(origin.interactionMetadata ? { interaction_metadata: origin.interactionMetadata } : {}),
    ...(origin.reference ? { message_reference: origin.reference } : {}),
    allowed_mentions: allowed,
  } as FakeMessage;
}

/** Records a message in its channel and tells gateway sessions that asked for GUILD_MESSAGES. */
export function storeMessage(state: FakeState, message: FakeMessage): void {
  // Ephemeral replies are shown only to the invoking user and never join the channel's history.
  if (((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return;
  const list = state.messages.get(message.channel_id) ?? [];
  list.push(message);
  state.messages.set(message.channel_id, list);
  const channel = state.channels.get(message.channel_id);
  if (channel) channel.lastMessageId = message.id;
  const guildId = channel?.guildId;
  state.dispatch(
    'MESSAGE_CREATE',
    { ...withoutAllowedMentions(message), guild_id: guildId },
    GatewayIntentBits.GuildMessages,
  );
}

/** Applies an edit body (fields absent stay as they were) and marks the message edited. */
export function applyEdit(state: FakeState, message: FakeMessage, body: Json): void {
  if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
  if ('embeds' in body) message.embeds = normalizeEmbeds(body.embeds);
  if ('components' in body) message.components = Array.isArray(body.components) ? body.components : [];
  if ('attachments' in body) message.attachments = messageAttachments(body, message.attachments);
  if ('allowed_mentions' in body) message.allowed_mentions = (body.allowed_mentions ?? null) as APIAllowedMentions;
  const guildId = state.channels.get(message.channel_id)?.guildId ?? '';
  const mentions = resolveMentions(state, guildId, message.content, message.allowed_mentions);
  message.mention_roles = mentions.roles;
  message.mention_everyone = mentions.everyone;
  // A deferred reply stops "thinking" once edited; ephemerality was fixed by the defer.
  message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  message.edited_timestamp = new Date(state.now()).toISOString();
}

/** The message as Discord answers it: `allowed_mentions` is part of the request, not of the message. */
export function withoutAllowedMentions(message: FakeMessage): Json {
  const { allowed_mentions: _, ...rest } = message;
  return rest;
}

function normalizeEmbeds(value: unknown): APIEmbed[] {
  if (!Array.isArray(value)) return [];
  return value.map((embed: APIEmbed) => ({ type: 'rich', ...embed }) as APIEmbed);
}

/**
 * Which roles and whether @everyone a message really pings: every `<@&id>` in the content, filtered by
 * `allowed_mentions` the way Discord applies it (no `allowed_mentions` means everything parses).
 */
function resolveMentions(state: FakeState, guildId: string, content: string, allowed: APIAllowedMentions | null) {
  const parse = allowed ? (allowed.parse ?? []) : ['roles', 'users', 'everyone'];
  const listed = new Set(allowed?.roles ?? []);
  const roles = [...content.matchAll(/<@&(\d{17,20})>/g)]
    .map((m) => m[1] as string)
    .filter((id, i, all) => all.indexOf(id) === i)
    .filter((id) => parse.includes('roles') || listed.has(id))
    .filter((id) => !guildId || state.guilds.get(guildId)?.roles.some((r) => r.id === id));
  const everyone = parse.includes('everyone') && /@(everyone|here)/.test(content);
  return { roles, everyone };
}
