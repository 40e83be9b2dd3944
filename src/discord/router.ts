import { randomUUID } from 'node:crypto';
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Deps } from '../deps.js';
import { pickLocale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import { UserError } from '../i18n/user-error.js';
import type { Command, CommandContext } from './command.js';
import { renderUserError } from './user-error.js';

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

/** Sends `content` as an ephemeral answer, whether or not the interaction was already acknowledged. */
export async function replyEphemeral(interaction: Repliable, content: string): Promise<void> {
  const body = { content, allowedMentions: { parse: [] } };
  if (interaction.deferred && !interaction.replied) await interaction.editReply(body);
  else if (interaction.replied) await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
}

/**
 * Routes slash commands, autocomplete and buttons (custom id `<command>:<action>:<args…>`) to their command files.
 * A `UserError` becomes an ephemeral reply in the user's language (`interaction.locale`); anything else is logged with
 * an incident id and the user gets that id, never the error's text. Commands outside a server get a clear answer.
 */
export function createInteractionRouter(commands: Map<string, Command>, deps: Deps) {
  return async (interaction: Interaction): Promise<void> => {
    const locale = pickLocale(interaction.locale);
    const t = messages(locale);
    if (interaction.isAutocomplete()) return autocomplete(interaction, commands, deps, locale);
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    const name = interaction.isButton() ? (interaction.customId.split(':')[0] ?? '') : interaction.commandName;
    const log = deps.log.child({ command: name, guildId: interaction.guildId });
    const ctx: CommandContext = { deps, log, locale, t };
    try {
      const command = commands.get(name);
      if (!interaction.inGuild()) throw new UserError('dmOnly');
      if (interaction.isButton()) {
        if (!command?.button) throw new UserError('expired');
        const [, action = '', ...args] = interaction.customId.split(':');
        await command.button(interaction, { action, args }, ctx);
      } else {
        if (!command) throw new UserError('unknownCommand');
        await command.execute(interaction, ctx);
      }
    } catch (err) {
      let message: string;
      if (err instanceof UserError) {
        message = renderUserError(err, t);
      } else {
        const incident = randomUUID().slice(0, 8);
        log.error({ err, incident, interactionId: interaction.id }, 'command failed');
        message = t.incident({ id: incident });
      }
      await replyEphemeral(interaction, message).catch((replyErr: unknown) =>
        log.warn({ err: replyErr, interactionId: interaction.id }, 'could not send the error reply'),
      );
    }
  };
}

async function autocomplete(
  interaction: AutocompleteInteraction,
  commands: Map<string, Command>,
  deps: Deps,
  locale: CommandContext['locale'],
): Promise<void> {
  const command = commands.get(interaction.commandName);
  const log = deps.log.child({ command: interaction.commandName, guildId: interaction.guildId });
  try {
    // Outside a server there is nothing of the user's to suggest.
    if (!command?.autocomplete || !interaction.inGuild()) return await interaction.respond([]);
    await command.autocomplete(interaction, { deps, log, locale, t: messages(locale) });
  } catch (err) {
    log.warn({ err, interactionId: interaction.id }, 'autocomplete failed');
    if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
  }
}
