import { MessageFlags } from 'discord.js';
import { feedChoices } from '../../src/discord/choices.js';
import { addressText, safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { moveGuildFeed } from '../../src/pipeline/use-cases/feed-admin.js';
import { feedsOfGuild } from '../../src/pipeline/use-cases/guild-refs.js';
import { feedOption } from './feed-option.js';

export default {
  name: 'move',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('move')
      .setDescription("Change a feed's address, keeping its subscriptions and history")
      .addStringOption(feedOption)
      .addStringOption((o) =>
        o
          .setName('url')
          .setDescription('The new address (a feed, or a web page that links to one)')
          .setRequired(true)
          .setMaxLength(2000),
      ),
  async execute(interaction, { deps, guildId, t }) {
    // Checking the new address fetches it, which can take longer than Discord's 3-second answer window.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await moveGuildFeed(
      deps,
      guildId,
      interaction.options.getString('feed', true),
      interaction.options.getString('url', true),
    );
    const lines = [
      t.feedMoved({
        feed: safeText(result.feed.title ?? result.feed.url, { oneLine: true, max: 100 }),
        from: addressText(result.from),
        url: addressText(result.feed.url),
        added: result.markedSeen,
        kept: result.alreadyKnown,
      }),
      result.discoveredFrom ? t.feedDiscovered({ page: addressText(result.discoveredFrom) }) : null,
    ];
    await interaction.editReply({ content: lines.filter(Boolean).join('\n'), allowedMentions: { parse: [] } });
  },
  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
} satisfies Subcommand;
