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
import type { Command, CommandContext, Requirements } from './command.js';
import { enforceRequirements, meetsRequirements } from './permissions.js';
import { renderUserError } from './user-error.js';

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

/** Sends `content` as an ephemeral answer, whether or not the interaction was already acknowledged. */
export async function replyEphemeral(interaction: Repliable, content: string): Promise<void> {
  const body = { content, allowedMentions: { parse: [] } };
  if (interaction.deferred && !interaction.replied) await interaction.editReply(body);
  else if (interaction.replied) await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
}

/** The handler an interaction goes to, with every requirement on the way (the command's and its subcommand's). */
interface Target<I> {
  requires: Requirements[];
  run?: (interaction: I, ctx: CommandContext) => Promise<void>;
}

/** `<command>:<subcommand or action>:…`: the router reads only the names, the command's codec the rest. */
function idSegments(customId: string): [string, string] {
  const [command = '', second = ''] = customId.split(':', 2);
  return [command, second];
}

function chatTarget(command: Command, interaction: ChatInputCommandInteraction): Target<ChatInputCommandInteraction> {
  if (!command.subcommands) return { requires: [command.requires ?? {}], run: command.execute };
  const name = interaction.options.getSubcommand(true);
  const sub = command.subcommands.find((s) => s.name === name);
  if (!sub) throw new Error(`no subcommand ${name}`);
  return { requires: [command.requires ?? {}, sub.requires ?? {}], run: sub.execute };
}

function autocompleteTarget(command: Command, interaction: AutocompleteInteraction): Target<AutocompleteInteraction> {
  if (!command.subcommands) return { requires: [command.requires ?? {}], run: command.autocomplete };
  const sub = command.subcommands.find((s) => s.name === interaction.options.getSubcommand(false));
  return { requires: [command.requires ?? {}, sub?.requires ?? {}], run: sub?.autocomplete };
}

function buttonTarget(command: Command, interaction: ButtonInteraction): Target<ButtonInteraction> {
  if (!command.subcommands) return { requires: [command.requires ?? {}], run: command.button };
  const sub = command.subcommands.find((s) => s.name === idSegments(interaction.customId)[1]);
  return { requires: [command.requires ?? {}, sub?.requires ?? {}], run: sub?.button };
}

/**
 * Routes slash commands, autocomplete and buttons (custom id `<command>:…`) to their command files, the model being
 * Sapphire's preconditions: interactions from outside a server are answered here, and a command's (and its
 * subcommand's) `requires` is enforced here for the command, its autocomplete and its buttons alike, so no handler
 * checks them by hand. Handlers get a {@link CommandContext} with the server's id.
 * A `UserError` becomes an ephemeral reply in the user's language (`interaction.locale`); anything else is logged with
 * an incident id and the user gets that id, never the error's text.
 */
export function createInteractionRouter(commands: Map<string, Command>, deps: Deps) {
  return async (interaction: Interaction): Promise<void> => {
    const locale = pickLocale(interaction.locale);
    const t = messages(locale);
    if (interaction.isAutocomplete()) return autocomplete(interaction, commands, deps, locale);
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    const name = interaction.isButton() ? idSegments(interaction.customId)[0] : interaction.commandName;
    const log = deps.log.child({ command: name, guildId: interaction.guildId });
    try {
      const command = commands.get(name);
      if (!interaction.inGuild()) throw new UserError('dmOnly');
      const ctx: CommandContext = { deps, log, guildId: interaction.guildId, locale, t };
      if (interaction.isButton()) {
        const target = command ? buttonTarget(command, interaction) : null;
        if (!target?.run) throw new UserError('expired');
        // The press may come long after the command, from someone whose roles changed since.
        enforceRequirements(interaction, target.requires);
        await target.run(interaction, ctx);
      } else {
        if (!command) throw new UserError('unknownCommand');
        const target = chatTarget(command, interaction);
        if (!target.run) throw new UserError('unknownCommand');
        enforceRequirements(interaction, target.requires);
        await target.run(interaction, ctx);
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
    const target = command ? autocompleteTarget(command, interaction) : null;
    // Outside a server, or for a member the command would refuse, there is nothing to suggest.
    if (!target?.run || !interaction.inGuild() || !meetsRequirements(interaction, target.requires)) {
      return await interaction.respond([]);
    }
    await target.run(interaction, { deps, log, guildId: interaction.guildId, locale, t: messages(locale) });
  } catch (err) {
    log.warn({ err, interactionId: interaction.id }, 'autocomplete failed');
    if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
  }
}
