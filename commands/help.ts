import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { descriptions, names } from '../src/i18n/commands.js';

export default {
  data: new SlashCommandBuilder()
    .setName('help')
    .setNameLocalizations(names('help'))
    .setDescription('How to use Herald')
    .setDescriptionLocalizations(descriptions('help'))
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, { t }) {
    await interaction.reply({ content: t.help(), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
} satisfies Command;
