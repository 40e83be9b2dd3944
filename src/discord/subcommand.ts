import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { CommandContext, Requirements } from './command.js';

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
