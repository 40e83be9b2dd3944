import { type ButtonInteraction, type ChatInputCommandInteraction, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../i18n/user-error.js';

/** Re-checks Manage Server at run time: `default_member_permissions` can be overridden by a server's admins. */
export function requireManageServer(interaction: ChatInputCommandInteraction | ButtonInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) throw new UserError('needManageServer');
}
