import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';

export default {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('How to use Herald')
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, { t }) {
    await interaction.reply({ content: t.help(), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
} satisfies Command;
