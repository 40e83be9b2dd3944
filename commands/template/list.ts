import { MessageFlags } from 'discord.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { truncate } from '../../src/discord/text.js';
import { guildTemplates } from '../../src/pipeline/use-cases/templates.js';

export default {
  name: 'list',
  requires: { manageServer: true },
  build: (sub) => sub.setName('list').setDescription("This server's message templates"),

  async execute(interaction, { deps, guildId, t }) {
    const templates = await guildTemplates(deps, guildId);
    // Names are lowercase letters, digits and hyphens: nothing to escape. The JSON is shown as code.
    const names = templates.map((tpl) => `${tpl.name} \`${truncate(tpl.content.replaceAll('`', 'ˋ'), 200)}\``);
    await interaction.reply({
      content: truncate(t.templateList({ names }), 2000),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
