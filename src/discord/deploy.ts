import { Routes } from 'discord-api-types/v10';
import { localizeCommand } from '../i18n/commands.js';
import type { Command } from './command.js';
import { createRest } from './poster.js';

/**
 * Registers the slash commands, with their zh-TW and zh-CN names and descriptions, globally, or in one guild (instant,
 * for testing) when `guildId` is given.
 */
export async function deployCommands(
  commands: Iterable<Command>,
  { token, api, applicationId, guildId }: { token: string; api: string; applicationId: string; guildId?: string },
): Promise<number> {
  const body = [...commands].map((c) => localizeCommand(c.data.toJSON()));
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const result = (await createRest(token, api).put(route, { body })) as unknown[];
  return result.length;
}
