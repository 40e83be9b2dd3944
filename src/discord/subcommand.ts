import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from 'discord.js';
import type { CommandContext } from './command.js';

/** One subcommand of a grouped command (`/feed add`, `/feed list`…): a file in `commands/<command>/`. */
export interface Subcommand {
  name: string;
  build(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
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
