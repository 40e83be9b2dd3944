import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { Catalogue } from '../i18n/messages.js';
import { customId } from './command.js';

/**
 * A Confirm (danger) / Cancel button row: `<prefix>:confirm:<args…>` and `<prefix>:cancel`, where `prefix` is the
 * command (and subcommand) that handles them.
 */
export function confirmRow(t: Catalogue, prefix: string, ...args: Array<string | number>) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(prefix, 'confirm', ...args))
      .setLabel(t.confirmButton())
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(customId(prefix, 'cancel'))
      .setLabel(t.cancelButton())
      .setStyle(ButtonStyle.Secondary),
  );
}
