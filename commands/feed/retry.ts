import { MessageFlags } from 'discord.js';
import { feedChoices } from '../../src/discord/choices.js';
import { requireManageServer } from '../../src/discord/permissions.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { retryGuildFeed } from '../../src/pipeline/feed-health.js';

export default {
  name: 'retry',
  build: (sub) =>
    sub
      .setName('retry')
      .setDescription('Turn a disabled or failing feed back on and check it now')
      .addStringOption((o) =>
        o
          .setName('feed')
          .setDescription('The feed: its number in /feed list, or its address')
          .setRequired(true)
          .setMaxLength(2000)
          .setAutocomplete(true),
      ),
  async execute(interaction, { deps, t }) {
    requireManageServer(interaction);
    const feed = await retryGuildFeed(deps, interaction.guildId as string, interaction.options.getString('feed', true));
    await interaction.reply({
      content: t.feedRetried({ feed: safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }) }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
  async autocomplete(interaction, { deps }) {
    await interaction.respond(
      await feedChoices(deps.store, interaction.guildId as string, interaction.options.getFocused()),
    );
  },
} satisfies Subcommand;
