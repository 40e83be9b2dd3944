import type {
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandOptionsOnlyBuilder,
  SlashCommandSubcommandsOnlyBuilder,
} from 'discord.js';
import type { Deps } from '../deps.js';
import type { Logger } from '../log.js';

export interface CommandContext {
  deps: Deps;
  log: Logger;
}

/** One slash command: a file in `commands/` default-exports one of these. */
export interface Command {
  data: (SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder) & {
    name: string;
    toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
  };
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
}

/** Checks a list of loaded commands: each has a name and an `execute`, and names are unique. */
export function validateCommands(commands: readonly Command[]): Map<string, Command> {
  const byName = new Map<string, Command>();
  for (const command of commands) {
    const name = command?.data?.name;
    if (!name || typeof command.execute !== 'function') throw new Error('a command is missing data.name or execute');
    if (byName.has(name)) throw new Error(`two commands are named /${name}`);
    byName.set(name, command);
  }
  return byName;
}
