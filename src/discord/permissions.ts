import { type BaseInteraction, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../i18n/user-error.js';
import type { Requirements } from './command.js';

/** Whether the member behind `interaction` meets every one of `requirements`. */
export function meetsRequirements(interaction: BaseInteraction, requirements: readonly Requirements[]): boolean {
  const manageServer = requirements.some((r) => r.manageServer);
  return !manageServer || interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
}

/** Refuses a member who does not meet `requirements`, with the answer the catalogue has for it. */
export function enforceRequirements(interaction: BaseInteraction, requirements: readonly Requirements[]): void {
  if (!meetsRequirements(interaction, requirements)) throw new UserError('needManageServer');
}
