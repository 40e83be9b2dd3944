import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { renderPost } from '../src/discord/render.js';
import { guildSettings } from '../src/pipeline/use-cases/settings.js';
import { summarizeUrl } from '../src/pipeline/use-cases/summarize-url.js';

export default {
  data: new SlashCommandBuilder()
    .setName('summarize')
    .setDescription('Summarize any article page')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('url').setDescription('The article address').setRequired(true).setMaxLength(2000),
    ),
  async execute(interaction, { deps, guildId }) {
    // Fetching the page and asking the LLM takes seconds.
    await interaction.deferReply();
    const prefs = await guildSettings(deps, guildId);
    const result = await summarizeUrl(deps, {
      url: interaction.options.getString('url', true),
      guildId,
      userId: interaction.user.id,
      language: prefs.language,
      style: prefs.style,
    });
    const body = renderPost({
      article: { title: result.title, link: result.url, imageUrl: null, publishedAt: null },
      feed: { title: new URL(result.url).host, url: result.url },
      summary: result.summary,
      mentionRoleIds: [],
      layout: 'full',
    });
    await interaction.editReply({ embeds: body.embeds ?? [], allowedMentions: { parse: [] } });
  },
} satisfies Command;
