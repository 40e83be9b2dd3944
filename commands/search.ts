import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { renderSearchResults } from '../src/discord/replies.js';
import { UserError } from '../src/domain.js';

export default {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Search past articles of the feeds this server follows')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('query').setDescription('Words to look for').setRequired(true).setMinLength(1).setMaxLength(200),
    ),
  async execute(interaction, { deps }) {
    const query = interaction.options.getString('query', true).trim();
    if (!query) throw new UserError('Type a few words to search for.');
    const hits = await deps.store.searchArticles(interaction.guildId!, query, 5);
    await interaction.reply({ ...renderSearchResults(query, hits), allowedMentions: { parse: [] } });
  },
} satisfies Command;
