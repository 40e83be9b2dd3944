import { MessageFlags } from 'discord.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { checkedTemplate } from '../../src/discord/template-format.js';
import { saveTemplate } from '../../src/pipeline/use-cases/templates.js';

/** Longest template source taken: what fits one option with room to spare (Discord allows 6,000). */
const MAX_SOURCE = 4000;

export default {
  name: 'set',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('set')
      .setDescription('Save a message template (JSON with content, embed, button; see README "Posts")')
      .addStringOption((o) =>
        o.setName('name').setDescription('Lowercase letters, digits, hyphens').setRequired(true).setMaxLength(32),
      )
      .addStringOption((o) =>
        o
          .setName('content')
          .setDescription(
            '{"content": "…", "embed": {…}, "button": "…"} with {headline}, {summary:200}, {author|feed}…',
          )
          .setRequired(true)
          .setMaxLength(MAX_SOURCE),
      ),

  async execute(interaction, { deps, guildId, t }) {
    const source = interaction.options.getString('content', true);
    checkedTemplate(source);
    const saved = await saveTemplate(deps, guildId, interaction.options.getString('name', true), source);
    await interaction.reply({
      content: t.templateSaved({ name: saved.name }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
