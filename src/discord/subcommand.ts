import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command, Subcommand } from './command.js';
import { truncate } from './text.js';

export type { Subcommand } from './command.js';

/**
 * A grouped command only server managers may use (`/feed`, `/alert`, `/template`…), in servers only: the builder with
 * its default permission and context, each subcommand added, and the router's requirement.
 */
export function adminCommandGroup(name: string, description: string, subcommands: Subcommand[]): Command {
  const data = new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild);
  for (const sub of subcommands) data.addSubcommand((s) => sub.build(s));
  return { data, requires: { manageServer: true }, subcommands };
}

/** A list reply: its title and one line per entry, within a message's 2,000 characters; `empty` when there is none. */
export function listContent(title: string, lines: readonly string[], empty: string): string {
  return lines.length > 0 ? truncate(`${title}\n${lines.join('\n')}`, 2000) : empty;
}
