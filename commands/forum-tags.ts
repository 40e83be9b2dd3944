import { ChannelType, MessageFlags, type SlashCommandChannelOption, type SlashCommandStringOption } from 'discord.js';
import { safeText } from '../src/discord/safe-text.js';
import { adminCommandGroup, listContent, type Subcommand } from '../src/discord/subcommand.js';
import { forumTagNamed } from '../src/discord/threads.js';
import { listForumTags, mapForumTag, removeForumTag } from '../src/pipeline/use-cases/forum-tags.js';

const forumOption = (o: SlashCommandChannelOption) =>
  o.setName('channel').setDescription('The forum channel').setRequired(true).addChannelTypes(ChannelType.GuildForum);
const topicOption = (o: SlashCommandStringOption) =>
  o
    .setName('topic')
    .setDescription('A topic label of articles, e.g. Economy or 經濟')
    .setRequired(true)
    .setMaxLength(100);
const shown = (text: string) => safeText(text, { oneLine: true, max: 100 });

const map: Subcommand = {
  name: 'map',
  build: (sub) =>
    sub
      .setName('map')
      .setDescription('Give forum posts about a topic one of the forum’s tags')
      .addChannelOption(forumOption)
      .addStringOption(topicOption)
      .addStringOption((o) =>
        o.setName('tag').setDescription('The name of one of the forum’s tags').setRequired(true).setMaxLength(20),
      ),
  async execute(interaction, { deps, guildId, t }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channelId = String(interaction.options.get('channel', true).value);
    const tag = await forumTagNamed(
      interaction.client.rest,
      guildId,
      channelId,
      interaction.options.getString('tag', true),
    );
    const mapped = await mapForumTag(deps, {
      guildId,
      channelId,
      topic: interaction.options.getString('topic', true),
      tag,
    });
    await interaction.editReply({
      content: t.forumTagMapped({ topic: shown(mapped.topic), tag: shown(mapped.tag), channel: channelId }),
      allowedMentions: { parse: [] },
    });
  },
};

const remove: Subcommand = {
  name: 'remove',
  build: (sub) =>
    sub
      .setName('remove')
      .setDescription('Remove the tag mapping of a topic in a forum')
      .addChannelOption(forumOption)
      .addStringOption(topicOption),
  async execute(interaction, { deps, guildId, t }) {
    const channelId = String(interaction.options.get('channel', true).value);
    const topic = interaction.options.getString('topic', true).trim();
    await removeForumTag(deps, { guildId, channelId, topic });
    await interaction.reply({
      content: t.forumTagRemoved({ topic: shown(topic), channel: channelId }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

const list: Subcommand = {
  name: 'list',
  build: (sub) => sub.setName('list').setDescription('List this server’s forum tag mappings'),
  async execute(interaction, { deps, guildId, t }) {
    const maps = await listForumTags(deps, guildId);
    const lines = maps.map((m) => t.forumTagLine({ channel: m.channelId, topic: shown(m.topic), tag: shown(m.tag) }));
    await interaction.reply({
      content: listContent(t.forumTagsTitle({ count: lines.length }), lines, t.forumTagsNone()),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

const subcommands: Subcommand[] = [map, remove, list];

export default adminCommandGroup('forum-tags', 'Which forum tags posts get for their articles’ topics', subcommands);
