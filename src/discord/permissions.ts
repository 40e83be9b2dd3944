import { type ButtonInteraction, type ChatInputCommandInteraction, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../domain.js';
import type { Catalogue } from '../i18n/messages.js';

/** Re-checks Manage Server at run time: `default_member_permissions` can be overridden by a server's admins. */
export function requireManageServer(interaction: ChatInputCommandInteraction | ButtonInteraction, t?: Catalogue): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError(
      t?.needManageServer() ?? 'You need the Manage Server permission to change what Herald posts here.',
    );
  }
}
