import { ChannelType, MessageFlags } from 'discord.js';
import { postableChannel } from '../../src/discord/postable-channel.js';
import { describeArticle } from '../../src/discord/replies.js';
import { addressText, safeText } from '../../src/discord/safe-text.js';
import type { Subcommand } from '../../src/discord/subcommand.js';
import { addFeed, MAX_BACKFILL } from '../../src/pipeline/use-cases/add-feed.js';

export default {
  name: 'add',
  requires: { manageServer: true },
  build: (sub) =>
    sub
      .setName('add')
      .setDescription('Follow a feed (RSS, Atom or JSON Feed) in a channel')
      .addStringOption((o) =>
        o
          .setName('url')
          .setDescription('The feed address (or a web page that links to its feed)')
          .setRequired(true)
          .setMaxLength(2000),
      )
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post (default: this channel)')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum),
      )
      .addIntegerOption((o) =>
        o
          .setName('backfill')
          .setDescription(`Also post the newest few stories now (0–${MAX_BACKFILL})`)
          .setMinValue(0)
          .setMaxValue(MAX_BACKFILL),
      ),
  async execute(interaction, { deps, guildId, t }) {
    // Fetching and parsing a feed can take longer than Discord's 3-second answer window.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channel = await postableChannel(interaction, guildId);
    const result = await addFeed(deps, {
      url: interaction.options.getString('url', true),
      guildId,
      guildLocale: interaction.guildLocale ?? null,
      channelId: channel.id,
      channelType: channel.type,
      backfill: interaction.options.getInteger('backfill') ?? 0,
    });
    const { feed, latest, subscribed } = result;
    const name = safeText(feed.title ?? feed.url, { oneLine: true, max: 100 });
    const lines = [
      subscribed
        ? t.feedAdded({ feed: name, channel: channel.id })
        : t.feedAlready({ feed: name, channel: channel.id }),
      result.resolvedFrom
        ? t.feedResolved({ from: addressText(result.resolvedFrom), url: addressText(feed.url) })
        : null,
      result.discoveredFrom ? t.feedDiscovered({ page: addressText(result.discoveredFrom) }) : null,
      result.backfilled > 0 ? t.feedBackfilled({ count: result.backfilled }) : null,
      latest ? t.feedLatest({ line: describeArticle(latest) }) : t.feedEmpty(),
    ];
    await interaction.editReply({ content: lines.filter(Boolean).join('\n'), allowedMentions: { parse: [] } });
  },
} satisfies Subcommand;
