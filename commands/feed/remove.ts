import { MessageFlags } from 'discord.js';
import { z } from 'zod';
import { feedChoices } from '../../src/discord/choices.js';
import { confirmIds, confirmRow } from '../../src/discord/confirm.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { feedsOfGuild } from '../../src/pipeline/use-cases/guild-refs.js';
import { feedRemoval, removeGuildFeed } from '../../src/pipeline/use-cases/subscriptions-admin.js';

const ids = confirmIds('feed:remove', z.object({ feed: z.string().regex(/^\d+$/) }));

const shown = (feed: { title: string | null; url: string }) =>
  safeText(feed.title ?? feed.url, { oneLine: true, max: 100 });

export default {
  name: 'remove',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('remove')
      .setDescription('Stop following a feed and delete all its subscriptions in this server')
      .addStringOption((o) =>
        o.setName('feed').setDescription('The feed to remove').setRequired(true).setAutocomplete(true),
      ),

  async execute(interaction, { deps, guildId, t }) {
    const { feed, count } = await feedRemoval(deps, guildId, interaction.options.getString('feed', true));
    await interaction.reply({
      content: t.confirmRemoveFeed({ feed: shown(feed), count }),
      components: [confirmRow(t, ids, { feed: String(feed.id) })],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },

  async button(interaction, { deps, guildId, t }) {
    const press = ids.parse(interaction.customId);
    if (press.action === 'cancel') {
      await interaction.update({ content: t.cancelled(), components: [] });
      return;
    }
    const { feed, count } = await removeGuildFeed(deps, guildId, press.data.feed);
    await interaction.update({
      content: t.feedRemoved({ feed: shown(feed), count }),
      components: [],
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
