import { randomBytes } from 'node:crypto';
import {
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIAttachment,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionType,
} from 'discord-api-types/v10';
import { withoutAllowedMentions } from './messages.js';
import { channelObject } from './objects.js';
import type { FakeMessage, FakeState, InteractionRecord } from './state.js';

type OptionValue = string | number | boolean;

/** What a test describes when it injects an interaction. */
export interface SendInteractionInput {
  guildId: string;
  channelId: string;
  userId: string;
  username?: string;
  /** The invoking member's permissions in the channel (Discord sends a decimal string); default: `@everyone`'s. */
  memberPermissions?: string | bigint;
  memberRoles?: string[];
  /** 2 APPLICATION_COMMAND (default), 3 MESSAGE_COMPONENT, 4 APPLICATION_COMMAND_AUTOCOMPLETE. */
  type?: 2 | 3 | 4;
  commandName?: string;
  /** Raw options, or `{ name: value }`; option types come from the registered command when there is one. */
  options?: APIApplicationCommandInteractionDataOption[] | Record<string, OptionValue>;
  /** For autocomplete: the option being typed in. */
  focused?: string;
  /** Files attached to attachment options (`FakeDiscord.upload`), sent as `data.resolved.attachments`. */
  attachments?: APIAttachment[];
  /** For components. */
  customId?: string;
  componentType?: ComponentType;
  /** For components: the id of a message the fake stored (the one carrying the component). */
  messageId?: string;
  values?: string[];
  locale?: string;
  guildLocale?: string;
  /** Sent from a DM with the bot: no guild, no member; `guildId` and `channelId` are ignored. */
  dm?: boolean;
}

/** Builds a well-formed INTERACTION_CREATE payload, registers the interaction and returns both. */
export function createInteraction(
  state: FakeState,
  input: SendInteractionInput,
): { record: InteractionRecord; payload: object } {
  if (input.dm) return createDmInteraction(state, input);
  const guild = state.guilds.get(input.guildId);
  const channel = state.liveChannel(input.channelId);
  if (!guild || !channel || channel.guildId !== guild.id) {
    throw new Error(`sendInteraction: no channel ${input.channelId} in guild ${input.guildId}`);
  }
  const type = input.type ?? InteractionType.ApplicationCommand;
  const message = input.messageId ? findMessage(state, input.messageId) : null;
  if (type === InteractionType.MessageComponent && !message) {
    throw new Error('sendInteraction: a component interaction needs the messageId of a stored message');
  }
  const id = state.snowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const everyone = guild.roles.find((r) => r.id === guild.id)?.permissions ?? '0';
  const permissions = String(input.memberPermissions ?? everyone);
  const user = {
    id: input.userId,
    username: input.username ?? `user${input.userId.slice(-4)}`,
    discriminator: '0',
    global_name: input.username ?? null,
    avatar: null,
    public_flags: 0,
    flags: 0,
  };
  const payload = {
    id,
    application_id: state.bot.id,
    type,
    data: type === InteractionType.MessageComponent ? componentData(input) : commandData(state, input),
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    guild_id: guild.id,
    channel: { ...channelObject(channel), permissions },
    channel_id: channel.id,
    member: {
      user,
      roles: input.memberRoles ?? [],
      permissions,
      joined_at: guild.joinedAt,
      nick: null,
      avatar: null,
      banner: null,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    },
    token,
    version: 1,
    ...(message ? { message: withoutAllowedMentions(message) } : {}),
    app_permissions: String(state.botPermissionsIn(channel)),
    locale: input.locale ?? 'en-US',
    guild_locale: input.guildLocale ?? guild.preferredLocale,
    entitlements: [],
    authorizing_integration_owners: { 0: guild.id },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  const record: InteractionRecord = {
    id,
    token,
    type,
    guildId: guild.id,
    channelId: channel.id,
    userId: input.userId,
    createdAt: state.now(),
    acknowledged: false,
    ephemeral: false,
    original: null,
    message,
    followups: [],
    responses: [],
    waiters: [],
  };
  state.interactions.set(id, record);
  state.interactionsByToken.set(token, record);
  return { record, payload };
}

function findMessage(state: FakeState, id: string): FakeMessage | null {
  for (const list of state.messages.values()) {
    const found = list.find((m) => m.id === id);
    if (found) return found;
  }
  for (const rec of state.interactions.values()) {
    if (rec.original?.id === id) return rec.original;
  }
  return null;
}

function componentData(input: SendInteractionInput) {
  const componentType = input.componentType ?? ComponentType.Button;
  return {
    custom_id: input.customId ?? 'button',
    component_type: componentType,
    ...(componentType === ComponentType.Button ? {} : { values: input.values ?? [] }),
  };
}

function commandData(state: FakeState, input: SendInteractionInput) {
  const name = input.commandName ?? 'command';
  const registered =
    (state.guildCommands.get(input.guildId) ?? []).find((c) => c.name === name) ??
    state.globalCommands.find((c) => c.name === name);
  const raw = input.options ?? [];
  const options = Array.isArray(raw)
    ? raw
    : Object.entries(raw).map(([optionName, value]) => {
        const declared = registered?.options?.find((o) => o.name === optionName);
        return {
          name: optionName,
          type: declared?.type ?? inferType(value),
          value,
          ...(input.focused === optionName ? { focused: true } : {}),
        } as APIApplicationCommandInteractionDataOption;
      });
  return {
    id: registered?.id ?? state.snowflake(),
    name,
    type: 1,
    ...(options.length ? { options } : {}),
    ...(input.attachments?.length
      ? { resolved: { attachments: Object.fromEntries(input.attachments.map((a) => [a.id, a])) } }
      : {}),
    ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
  };
}

function inferType(value: OptionValue): APIApplicationCommandOption['type'] {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  }
  return ApplicationCommandOptionType.String;
}

/** An interaction from a DM: `user` instead of `member`, a DM channel, context 1 (BOT_DM). */
function createDmInteraction(state: FakeState, input: SendInteractionInput) {
  const existing = [...state.dmChannels.values()].find((c) => c.recipientId === input.userId);
  const dm = existing ?? { id: state.snowflake(), recipientId: input.userId };
  state.dmChannels.set(dm.id, dm);
  const id = state.snowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const type = input.type ?? InteractionType.ApplicationCommand;
  const user = {
    id: input.userId,
    username: input.username ?? `user${input.userId.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
    public_flags: 0,
    flags: 0,
  };
  const payload = {
    id,
    application_id: state.bot.id,
    type,
    data: type === InteractionType.MessageComponent ? componentData(input) : commandData(state, input),
    channel: { id: dm.id, type: 1, recipients: [user] },
    channel_id: dm.id,
    user,
    token,
    version: 1,
    app_permissions: '0',
    locale: input.locale ?? 'en-US',
    entitlements: [],
    authorizing_integration_owners: { 0: input.guildId },
    context: 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  const record: InteractionRecord = {
    id,
    token,
    type,
    guildId: '',
    channelId: dm.id,
    userId: input.userId,
    createdAt: state.now(),
    acknowledged: false,
    ephemeral: false,
    original: null,
    message: null,
    followups: [],
    responses: [],
    waiters: [],
  };
  state.interactions.set(id, record);
  state.interactionsByToken.set(token, record);
  return { record, payload };
}
