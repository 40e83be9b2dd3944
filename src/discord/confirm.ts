import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { z } from 'zod';
import type { Catalogue } from '../i18n/messages.js';
import { type CustomIds, customIds } from './custom-ids.js';

const noFields = z.object({});

/** The ids of a Confirm / Cancel pair: `<prefix>:confirm:<fields…>` and `<prefix>:cancel`. */
export type ConfirmIds<F extends z.ZodObject<z.ZodRawShape>> = CustomIds<{ confirm: F; cancel: typeof noFields }>;

/** A codec for a command's Confirm / Cancel buttons, `confirm` carrying `fields` (what is to be done). */
export function confirmIds<F extends z.ZodObject<z.ZodRawShape>>(prefix: string, fields: F): ConfirmIds<F> {
  return customIds(prefix, { confirm: fields, cancel: noFields });
}

/** A Confirm (danger) / Cancel button row, its ids built by the handling command's `ids`. */
export function confirmRow<F extends z.ZodObject<z.ZodRawShape>>(t: Catalogue, ids: ConfirmIds<F>, data: z.output<F>) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(ids.encode('confirm', data))
      .setLabel(t.confirmButton())
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(ids.encode('cancel', {}))
      .setLabel(t.cancelButton())
      .setStyle(ButtonStyle.Secondary),
  );
}
