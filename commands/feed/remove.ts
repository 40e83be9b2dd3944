import { MessageFlags } from 'discord.js';
import { feedChoices } from '../../src/discord/choices.js';
import { confirmRow } from '../../src/discord/confirm.js';
import { feedOfGuild } from '../../src/discord/guild-refs.js';
import { requireManageServer } from '../../src/discord/permissions.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { UserError } from '../../src/i18n/user-error.js';

export default {
  name: 'remove',
  build: (sub) =>
    sub
      .setName('remove')
      .setDescription('Stop following a feed and delete all its subscriptions in this server')
      .addStringOption((o) =>
        o.setName('feed').setDescription('The feed to remove').setRequired(true).setAutocomplete(true),
      ),

  async execute(interaction, { deps, t }) {
    requireManageServer(interaction);
    const guildId = interaction.guildId as string;
    const feed = await feedOfGuild(deps.store, guildId, interaction.options.getString('feed', true));
    const count = (await deps.store.subscriptions.ofGuild(guildId)).filter((s) => s.feedId === feed.id).length;
    await interaction.reply({
      content: t.confirmRemoveFeed({ feed: safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }), count }),
      components: [confirmRow(t, 'feed:remove', feed.id)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, { deps }) {
    await interaction.respond(
      await feedChoices(deps.store, interaction.guildId as string, interaction.options.getFocused()),
    );
  },

  async button(interaction, { action, args }, { deps, t }) {
    requireManageServer(interaction);
    if (action === 'cancel') {
      await interaction.update({ content: t.cancelled(), components: [] });
      return;
    }
    if (action !== 'confirm') throw new UserError('expired');
    const guildId = interaction.guildId as string;
    const feed = await feedOfGuild(deps.store, guildId, args[0] ?? '');
    // Only this server's subscriptions go; the feed itself stays for the other servers that follow it.
    const count = await deps.store.subscriptions.removeFeed(guildId, feed.id);
    await interaction.update({
      content: t.feedRemoved({ feed: safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }), count }),
      components: [],
      allowedMentions: { parse: [] },
    });
  },
} satisfies Subcommand;
