import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { UserError } from '../i18n/user-error.js';
import type { ButtonPress, CommandContext } from './command.js';

/** One subcommand of a grouped command (`/feed add`, `/feed list`…): a file in `commands/<command>/`. */
export interface Subcommand {
  name: string;
  build(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Buttons with custom id `<command>:<subcommand>:<action>:<args…>`. */
  button?(interaction: ButtonInteraction, press: ButtonPress, ctx: CommandContext): Promise<void>;
}

/** Runs the subcommand the interaction names. */
export async function dispatchSubcommand(
  subcommands: readonly Subcommand[],
  interaction: ChatInputCommandInteraction,
  ctx: CommandContext,
): Promise<void> {
  const name = interaction.options.getSubcommand(true);
  const sub = subcommands.find((s) => s.name === name);
  if (!sub) throw new Error(`no subcommand ${name}`);
  await sub.execute(interaction, ctx);
}

/** Runs the autocomplete of the subcommand being typed; no suggestions when it has none. */
export async function dispatchAutocomplete(
  subcommands: readonly Subcommand[],
  interaction: AutocompleteInteraction,
  ctx: CommandContext,
): Promise<void> {
  const sub = subcommands.find((s) => s.name === interaction.options.getSubcommand(false));
  if (sub?.autocomplete) await sub.autocomplete(interaction, ctx);
  else await interaction.respond([]);
}

/** Routes `<command>:<subcommand>:<action>:<args…>` to the subcommand's button handler. */
export async function dispatchButton(
  subcommands: readonly Subcommand[],
  interaction: ButtonInteraction,
  press: ButtonPress,
  ctx: CommandContext,
): Promise<void> {
  const sub = subcommands.find((s) => s.name === press.action);
  if (!sub?.button) throw new UserError('expired');
  const [action = '', ...args] = press.args;
  await sub.button(interaction, { action, args }, ctx);
}
