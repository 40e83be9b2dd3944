import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { renderCoverage, storyIds } from '../src/discord/story-post.js';
import { storyCoverage, storyCoverageOfLink } from '../src/pipeline/use-cases/stories.js';

/** Every outlet's report of a story: from a report's address, or from the "All coverage" button of a story's post. */
export default {
  data: new SlashCommandBuilder()
    .setName('story')
    .setDescription("Every outlet's report of one story")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('link').setDescription('The address of one report of the story').setRequired(true).setMaxLength(2000),
    ),

  async execute(interaction, { deps, guildId, t }) {
    const reports = await storyCoverageOfLink(deps, guildId, interaction.options.getString('link', true));
    await interaction.reply({
      content: renderCoverage(reports, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  async button(interaction, { deps, guildId, t }) {
    const press = storyIds.parse(interaction.customId);
    const reports = await storyCoverage(deps, guildId, press.data.key);
    await interaction.reply({
      content: renderCoverage(reports, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
