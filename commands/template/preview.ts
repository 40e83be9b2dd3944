import { MessageFlags } from 'discord.js';
import { feedChoices, lookChoices } from '../../src/discord/choices.js';
import { POSTABLE_CHANNEL_TYPES } from '../../src/discord/guild-refs.js';
import { postableChannel } from '../../src/discord/postable-channel.js';
import { safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { previewReply, sendPreview } from '../../src/discord/template-preview.js';
import { renderArticle } from '../../src/discord/templates.js';
import { feedsOfGuild } from '../../src/pipeline/use-cases/guild-refs.js';
import { checkedSubscriptionSettings } from '../../src/pipeline/use-cases/settings.js';
import { guildTemplates, lookOfGuild, previewArticle } from '../../src/pipeline/use-cases/templates.js';
import { POST_LAYOUTS } from '../../src/store/store.js';

export default {
  name: 'preview',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('preview')
      .setDescription("Show a feed's newest article with a template, only to you, with a button to post it")
      .addStringOption((o) =>
        o.setName('feed').setDescription('A feed this server follows').setRequired(true).setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName('template').setDescription('A preset or one of this server’s templates').setAutocomplete(true),
      )
      .addStringOption((o) =>
        o
          .setName('language')
          .setDescription('Summary language: source or a tag such as en, zh-TW (default: the server’s)')
          .setMaxLength(35),
      )
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where "Send to channel" posts it (default: this channel)')
          .addChannelTypes(...POSTABLE_CHANNEL_TYPES),
      ),

  async execute(interaction, { deps, guildId, t }) {
    // Summarizing the article may take an LLM call.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const look = await lookOfGuild(deps, guildId, interaction.options.getString('template') ?? 'full');
    const { language } = checkedSubscriptionSettings({ language: interaction.options.getString('language') });
    const channel = await postableChannel(interaction, guildId);
    const { feed, latest } = await previewArticle(deps, guildId, interaction.options.getString('feed', true), language);
    if (!latest) {
      await interaction.editReply({
        content: t.previewNone({ feed: safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }) }),
        allowedMentions: { parse: [] },
      });
      return;
    }
    const post = renderArticle({
      ...latest,
      feed,
      mentionRoleIds: [],
      layout: look.layout ?? 'full',
      template: look.source,
    });
    await interaction.editReply(previewReply(post, t, channel));
  },

  async autocomplete(interaction, { deps, guildId, t }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'feed') {
      await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), focused.value));
      return;
    }
    await interaction.respond(lookChoices(t, POST_LAYOUTS, await guildTemplates(deps, guildId), focused.value));
  },

  async button(interaction, { t }) {
    await sendPreview(interaction, t);
  },
} satisfies Subcommand;
