import { ChannelType, MessageFlags } from 'discord.js';
import { requireManageServer } from '../../src/discord/permissions.js';
import { describeArticle } from '../../src/discord/replies.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { UserError } from '../../src/domain.js';
import { addFeed } from '../../src/pipeline/add-feed.js';

export default {
  name: 'add',
  build: (sub) =>
    sub
      .setName('add')
      .setDescription('Follow a feed (RSS, Atom or JSON Feed) in a channel')
      .addStringOption((o) => o.setName('url').setDescription('The feed address').setRequired(true).setMaxLength(2000))
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post (default: this channel)')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  async execute(interaction, { deps }) {
    requireManageServer(interaction);
    const channel = interaction.options.getChannel('channel') ?? interaction.channel;
    if (!channel || !interaction.guildId) throw new UserError('Pick a text channel of this server to post in.');
    if ('guildId' in channel && channel.guildId && channel.guildId !== interaction.guildId) {
      throw new UserError('That channel is not in this server.');
    }
    // Fetching and parsing a feed can take longer than Discord's 3-second answer window.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { feed, latest, subscribed } = await addFeed(deps, {
      url: interaction.options.getString('url', true),
      guildId: interaction.guildId,
      guildLocale: interaction.guildLocale ?? null,
      channelId: channel.id,
    });
    const name = feed.title ?? feed.url;
    const head = subscribed
      ? `Following **${name}** in <#${channel.id}>. New stories will be summarized and posted there.`
      : `<#${channel.id}> already follows **${name}**.`;
    const preview = latest ? `\nLatest: ${describeArticle(latest)}` : '\nThe feed has no items yet.';
    await interaction.editReply({ content: `${head}${preview}`, allowedMentions: { parse: [] } });
  },
} satisfies Subcommand;
