import { Routes } from 'discord-api-types/v10';
import type { Command } from './command.js';
import { createRest } from './poster.js';

/** Registers the slash commands globally, or in one guild (instant, for testing) when `guildId` is given. */
export async function deployCommands(
  commands: Iterable<Command>,
  { token, api, applicationId, guildId }: { token: string; api: string; applicationId: string; guildId?: string },
): Promise<number> {
  const body = [...commands].map((c) => c.data.toJSON());
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const result = (await createRest(token, api).put(route, { body })) as unknown[];
  return result.length;
}
