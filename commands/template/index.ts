import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import list from './list.js';
import preview from './preview.js';
import remove from './remove.js';
import set from './set.js';

const subcommands: Subcommand[] = [set, list, remove, preview];

const data = new SlashCommandBuilder()
  .setName('template')
  .setDescription('Message templates: how posts look, beyond the presets')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);
for (const sub of subcommands) data.addSubcommand((s) => sub.build(s));

export default {
  data,
  requires: { manageServer: true },
  subcommands,
} satisfies Command;
