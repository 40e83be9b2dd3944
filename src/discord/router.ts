import { randomUUID } from 'node:crypto';
import { type ChatInputCommandInteraction, type Interaction, MessageFlags } from 'discord.js';
import type { Deps } from '../deps.js';
import { UserError } from '../domain.js';
import type { Command } from './command.js';

/** Sends `content` as an ephemeral answer, whether or not the interaction was already acknowledged. */
export async function replyEphemeral(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  if (interaction.deferred && !interaction.replied) await interaction.editReply({ content });
  else if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}

/**
 * Routes slash commands to their files. A `UserError` becomes an ephemeral reply with its message; anything else is
 * logged with an incident id and the user gets that id, never the error's text.
 */
export function createInteractionRouter(commands: Map<string, Command>, deps: Deps) {
  return async (interaction: Interaction): Promise<void> => {
    if (!interaction.isChatInputCommand()) return;
    const command = commands.get(interaction.commandName);
    const log = deps.log.child({ command: interaction.commandName, guildId: interaction.guildId });
    try {
      if (!command) throw new UserError('This command is not known to this version of Herald.');
      if (!interaction.inGuild())
        throw new UserError("Herald's commands work inside a server, not in direct messages.");
      await command.execute(interaction, { deps, log });
    } catch (err) {
      let message: string;
      if (err instanceof UserError) {
        message = err.message;
      } else {
        const incident = randomUUID().slice(0, 8);
        log.error({ err, incident, interactionId: interaction.id }, 'command failed');
        message = `Something went wrong on Herald's side (incident ${incident}). Please try again later.`;
      }
      await replyEphemeral(interaction, message).catch((replyErr: unknown) =>
        log.warn({ err: replyErr, interactionId: interaction.id }, 'could not send the error reply'),
      );
    }
  };
}
