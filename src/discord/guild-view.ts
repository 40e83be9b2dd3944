import type { BaseInteraction } from 'discord.js';
import { type APIChannel, type APIGuild, type APIRole, Routes } from 'discord-api-types/v10';

/** Read from Discord at most once a minute per server, for at most this many servers at once. */
const TTL_MS = 60_000;
const MAX_GUILDS = 1000;

interface View {
  at: number;
  name: Promise<string | null> | null;
  channels: Promise<ReadonlyMap<string, string>> | null;
}

const views = new Map<string, View>();

/** What was read about a server in the last minute; the oldest server is forgotten first. */
function viewOf(guildId: string): View {
  const cached = views.get(guildId);
  if (cached && Date.now() - cached.at < TTL_MS) return cached;
  views.delete(guildId);
  if (views.size >= MAX_GUILDS) views.delete(views.keys().next().value as string);
  const view: View = { at: Date.now(), name: null, channels: null };
  views.set(guildId, view);
  return view;
}

/**
 * The name of the server an interaction comes from. The gateway bot has it cached; an HTTP-interactions replica keeps
 * no cache, so it reads it from Discord (remembered a minute). Empty when Discord cannot be asked.
 */
export async function guildName(interaction: BaseInteraction): Promise<string> {
  if (interaction.guild) return interaction.guild.name;
  if (!interaction.guildId) return '';
  const view = viewOf(interaction.guildId);
  view.name ??= (interaction.client.rest.get(Routes.guild(interaction.guildId)) as Promise<APIGuild>).then(
    (guild) => guild.name,
    () => null,
  );
  return (await view.name) ?? '';
}

/**
 * The names of the channels of the server an interaction comes from, by id: from the gateway's cache, or read from
 * Discord by an HTTP-interactions replica (remembered a minute). Empty when Discord cannot be asked.
 */
export async function channelNames(interaction: BaseInteraction): Promise<ReadonlyMap<string, string>> {
  if (interaction.guild) return new Map(interaction.guild.channels.cache.map((c) => [c.id, c.name]));
  if (!interaction.guildId) return new Map();
  const view = viewOf(interaction.guildId);
  view.channels ??= (
    interaction.client.rest.get(Routes.guildChannels(interaction.guildId)) as Promise<APIChannel[]>
  ).then(
    (channels) => new Map(channels.map((c) => [c.id, c.name ?? c.id])),
    () => new Map(),
  );
  return view.channels;
}

/** A server's channels (every type) and roles (`@everyone` left out), by id and name. */
export interface GuildDirectoryView {
  channels: Array<{ id: string; name: string; type: number }>;
  roles: Array<{ id: string; name: string }>;
}

/**
 * The channels and roles of the server an interaction comes from, as they are now: from the gateway's cache, or read
 * from Discord by an HTTP-interactions replica (not remembered: a restore must see a channel created a moment ago).
 */
export async function guildDirectory(interaction: BaseInteraction): Promise<GuildDirectoryView> {
  const guildId = interaction.guildId;
  if (!guildId) return { channels: [], roles: [] };
  const everyone = (r: { id: string }) => r.id !== guildId;
  if (interaction.guild) {
    const { channels, roles } = interaction.guild;
    return {
      channels: channels.cache.map((c) => ({ id: c.id, name: c.name, type: c.type })),
      roles: roles.cache.filter(everyone).map((r) => ({ id: r.id, name: r.name })),
    };
  }
  const [channels, roles] = (await Promise.all([
    interaction.client.rest.get(Routes.guildChannels(guildId)),
    interaction.client.rest.get(Routes.guildRoles(guildId)),
  ])) as [APIChannel[], APIRole[]];
  return {
    channels: channels.map((c) => ({ id: c.id, name: c.name ?? c.id, type: c.type })),
    roles: roles.filter(everyone).map((r) => ({ id: r.id, name: r.name })),
  };
}
