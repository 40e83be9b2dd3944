import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../../src/discord/command.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import add from './add.js';
import exportFeeds from './export.js';
import history from './history.js';
import importFeeds from './import.js';
import interval from './interval.js';
import list from './list.js';
import move from './move.js';
import remove from './remove.js';
import retry from './retry.js';
import why from './why.js';

const subcommands: Subcommand[] = [add, remove, list, retry, importFeeds, exportFeeds, why, history, interval, move];

const data = new SlashCommandBuilder()
  .setName('feed')
  .setDescription('Manage the feeds this server follows')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);
for (const sub of subcommands) data.addSubcommand((s) => sub.build(s));

export default {
  data,
  requires: { manageServer: true },
  subcommands,
} satisfies Command;
