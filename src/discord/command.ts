import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandOptionsOnlyBuilder,
  SlashCommandSubcommandBuilder,
  SlashCommandSubcommandsOnlyBuilder,
} from 'discord.js';
import type { Deps } from '../deps.js';
import type { Locale } from '../i18n/locale.js';
import type { Catalogue } from '../i18n/messages.js';
import type { Logger } from '../log.js';

/** What the router hands a command: everything it needs, the invoking server included. */
export interface CommandContext {
  deps: Deps;
  log: Logger;
  /** The server the interaction came from; the router answers interactions from anywhere else itself. */
  guildId: string;
  /** The invoking user's locale, as the reply catalogue knows it. */
  locale: Locale;
  /** Replies in that locale. */
  t: Catalogue;
}

/**
 * What a member must hold to use a command, checked by the router before the command, its autocomplete or its buttons
 * run. `manageServer` is re-checked at run time because a server's admins can override `default_member_permissions`.
 */
export interface Requirements {
  manageServer?: boolean;
}

/** One slash command: a file in `commands/` default-exports one of these. */
export interface Command {
  data: (SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder) & {
    name: string;
    toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
  };
  requires?: Requirements;
  /** A grouped command's subcommands: the router runs the one named and adds its requirements to the command's. */
  subcommands?: readonly Subcommand[];
  execute?(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  /** Answers autocomplete for this command's options (only ever with the invoking server's data). */
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Handles this command's buttons (custom ids starting with `<name>:`), read with its {@link customIds} codec. */
  button?(interaction: ButtonInteraction, ctx: CommandContext): Promise<void>;
}

/** Checks a list of loaded commands: each has a name and an `execute` or subcommands, and names are unique. */
export function validateCommands(commands: readonly Command[]): Map<string, Command> {
  const byName = new Map<string, Command>();
  for (const command of commands) {
    const name = command?.data?.name;
    const runnable = typeof command?.execute === 'function' || (command?.subcommands?.length ?? 0) > 0;
    if (!name || !runnable) throw new Error('a command is missing data.name, or execute and subcommands');
    if (byName.has(name)) throw new Error(`two commands are named /${name}`);
    byName.set(name, command);
  }
  return byName;
}

/** One subcommand of a grouped command (`/feed add`, `/feed list`…): a file in `commands/<command>/`. */
export interface Subcommand {
  name: string;
  /** Added to the command's own requirements. */
  requires?: Requirements;
  build(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Buttons with custom id `<command>:<subcommand>:<action>:<fields…>`. */
  button?(interaction: ButtonInteraction, ctx: CommandContext): Promise<void>;
}
