import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { MAX_BUTTON_QUERY, renderSearchPage } from '../src/discord/search-reply.js';
import { UserError } from '../src/domain.js';
import { descriptions, names } from '../src/i18n/commands.js';
import { guildPreferences } from '../src/pipeline/settings.js';
import { searchArchive } from '../src/search/archive.js';

export default {
  data: new SlashCommandBuilder()
    .setName('search')
    .setNameLocalizations(names('search'))
    .setDescription('Search past articles of the feeds this server follows')
    .setDescriptionLocalizations(descriptions('search'))
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('query')
        .setDescription('Words to look for')
        .setDescriptionLocalizations(descriptions('search.query'))
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_BUTTON_QUERY),
    ),
  async execute(interaction, { deps, t }) {
    const query = interaction.options.getString('query', true).trim();
    if (!query) throw new UserError('Type a few words to search for.');
    // The first search after many new articles indexes them first.
    await interaction.deferReply();
    const guildId = interaction.guildId as string;
    const result = await searchArchive(deps, { guildId, query, page: 1 });
    const { timezone } = await guildPreferences(deps, guildId);
    await interaction.editReply({ ...renderSearchPage(query, result, t, timezone), allowedMentions: { parse: [] } });
  },
  async button(interaction, { action, args }, { deps, t }) {
    const page = Number(args[0]);
    const query = args.slice(1).join(':');
    if (action !== 'page' || !Number.isInteger(page) || page < 1 || !query) throw new UserError(t.expired());
    // The guild comes from the click, never from the button: a page only ever shows this server's articles.
    const guildId = interaction.guildId as string;
    const result = await searchArchive(deps, { guildId, query, page });
    const { timezone } = await guildPreferences(deps, guildId);
    await interaction.update({ ...renderSearchPage(query, result, t, timezone), allowedMentions: { parse: [] } });
  },
} satisfies Command;
