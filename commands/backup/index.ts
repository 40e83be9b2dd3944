import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import exportBackup from './export.js';
import importBackup from './import.js';

const subcommands: Subcommand[] = [exportBackup, importBackup];

const data = new SlashCommandBuilder()
  .setName('backup')
  .setDescription("Save this server's Herald setup to a file, or restore one")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);
for (const sub of subcommands) data.addSubcommand((s) => sub.build(s));

export default {
  data,
  requires: { manageServer: true },
  subcommands,
} satisfies Command;
