import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandOptionsOnlyBuilder,
  SlashCommandSubcommandsOnlyBuilder,
} from 'discord.js';
import type { Deps } from '../deps.js';
import type { Locale } from '../i18n/locale.js';
import type { Catalogue } from '../i18n/messages.js';
import type { Logger } from '../log.js';

export interface CommandContext {
  deps: Deps;
  log: Logger;
  /** The invoking user's locale, as the reply catalogue knows it. */
  locale: Locale;
  /** Replies in that locale. */
  t: Catalogue;
}

/** A button press routed to its command: custom id `<command>:<action>:<arg>:<arg>…`. */
export interface ButtonPress {
  action: string;
  args: string[];
}

/** One slash command: a file in `commands/` default-exports one of these. */
export interface Command {
  data: (SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder) & {
    name: string;
    toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
  };
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  /** Answers autocomplete for this command's options (only ever with the invoking server's data). */
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Handles this command's buttons (custom ids starting with `<name>:`). */
  button?(interaction: ButtonInteraction, press: ButtonPress, ctx: CommandContext): Promise<void>;
}

/** Builds a button custom id (≤ 100 characters; never user text). */
export function customId(command: string, action: string, ...args: Array<string | number>): string {
  return [command, action, ...args].join(':');
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
