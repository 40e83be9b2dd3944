import { MessageFlags } from 'discord.js';
import { lookChoices } from '../../src/discord/choices.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { guildTemplates, removeTemplate } from '../../src/pipeline/use-cases/templates.js';

export default {
  name: 'remove',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('remove')
      .setDescription('Remove a message template; what used it takes the server’s preset again')
      .addStringOption((o) => o.setName('name').setDescription('The template').setRequired(true).setAutocomplete(true)),

  async execute(interaction, { deps, guildId, t }) {
    const name = interaction.options.getString('name', true);
    await removeTemplate(deps, guildId, name);
    await interaction.reply({
      content: t.templateRemoved({ name: name.trim().toLowerCase() }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, { deps, guildId, t }) {
    const typed = interaction.options.getFocused();
    await interaction.respond(lookChoices(t, [], await guildTemplates(deps, guildId), typed));
  },
} satisfies Subcommand;
