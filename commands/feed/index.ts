import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import { dispatchSubcommand, type Subcommand } from '../../src/discord/subcommand.js';
import add from './add.js';

const subcommands: Subcommand[] = [add];

const data = new SlashCommandBuilder()
  .setName('feed')
  .setDescription('Manage the feeds this server follows')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);
for (const sub of subcommands) data.addSubcommand((s) => sub.build(s));

export default {
  data,
  execute: (interaction, ctx) => dispatchSubcommand(subcommands, interaction, ctx),
} satisfies Command;
