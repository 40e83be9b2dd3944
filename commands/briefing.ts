import { MessageFlags, type SlashCommandStringOption } from 'discord.js';
import { renderBriefing } from '../src/discord/briefing-post.js';
import { feedChoices, STYLE_CHOICES } from '../src/discord/choices.js';
import { POSTABLE_CHANNEL_TYPES } from '../src/discord/guild-refs.js';
import { postableChannel } from '../src/discord/postable-channel.js';
import { safeText } from '../src/discord/safe-text.js';
import { adminCommandGroup, listContent, type Subcommand } from '../src/discord/subcommand.js';
import { truncate } from '../src/discord/text.js';
import type { Catalogue } from '../src/i18n/en.js';
import {
  addBriefing,
  type BriefingDays,
  type BriefingView,
  listBriefings,
  previewBriefing,
  removeBriefing,
} from '../src/pipeline/use-cases/briefings.js';
import { feedsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';

const idOption = (o: SlashCommandStringOption) =>
  o.setName('id').setDescription('The briefing (see /briefing list)').setRequired(true).setMaxLength(20);

/** The parts of a briefing's description every reply shares. */
function described(v: BriefingView, t: Catalogue) {
  const scope =
    v.row.scope.kind === 'topic'
      ? t.briefingScopeTopic({ query: safeText(v.row.scope.query, { oneLine: true, max: 100 }) })
      : v.row.scope.kind === 'feed'
        ? t.briefingScopeFeed({ feed: safeText(v.feedName ?? '', { oneLine: true, max: 100 }) })
        : t.briefingScopeAll();
  return {
    id: v.row.id,
    channel: v.row.channelId,
    time: v.row.localTime,
    timezone: v.timezone,
    days: t.briefingDays({ days: v.days }),
    scope,
    next: Math.floor(v.row.nextAt / 1000),
  };
}

const add: Subcommand = {
  name: 'add',
  build: (sub) =>
    sub
      .setName('add')
      .setDescription("Post a daily briefing of the period's stories in a channel")
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post it')
          .setRequired(true)
          .addChannelTypes(...POSTABLE_CHANNEL_TYPES),
      )
      .addStringOption((o) =>
        o.setName('time').setDescription('Local time, HH:MM 24-hour (e.g. 08:00)').setRequired(true).setMaxLength(5),
      )
      .addStringOption((o) =>
        o
          .setName('days')
          .setDescription('Which days (default: every day)')
          .addChoices(
            { name: 'every day', value: 'daily' },
            { name: 'Monday to Friday', value: 'weekdays' },
            { name: 'Saturday and Sunday', value: 'weekends' },
          ),
      )
      .addStringOption((o) =>
        o.setName('feed').setDescription('Only this feed (default: all the server’s feeds)').setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName('topic').setDescription('Only articles matching this search query').setMaxLength(200),
      )
      .addStringOption((o) =>
        o
          .setName('language')
          .setDescription('Language: source or a tag such as en, zh-TW (default: the server’s)')
          .setMaxLength(35),
      )
      .addStringOption((o) =>
        o
          .setName('style')
          .setDescription('Summary length (default: the server’s)')
          .addChoices(...STYLE_CHOICES),
      )
      .addStringOption((o) =>
        o
          .setName('timezone')
          .setDescription('IANA time zone, e.g. Asia/Taipei (default: the server’s)')
          .setMaxLength(60),
      ),
  async execute(interaction, { deps, guildId, t }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channel = await postableChannel(interaction, guildId, 'channel');
    const added = await addBriefing(deps, {
      guildId,
      channelId: channel.id,
      channelType: channel.type,
      time: interaction.options.getString('time', true),
      days: (interaction.options.getString('days') ?? 'daily') as BriefingDays,
      feed: interaction.options.getString('feed'),
      topic: interaction.options.getString('topic'),
      language: interaction.options.getString('language'),
      style: interaction.options.getString('style'),
      timezone: interaction.options.getString('timezone'),
    });
    await interaction.editReply({ content: t.briefingAdded(described(added, t)), allowedMentions: { parse: [] } });
  },
  async autocomplete(interaction, { deps, guildId }) {
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), interaction.options.getFocused()));
  },
};

const list: Subcommand = {
  name: 'list',
  build: (sub) => sub.setName('list').setDescription("List this server's briefings"),
  async execute(interaction, { deps, guildId, t }) {
    const lines = (await listBriefings(deps, guildId)).map((v) => `• ${t.briefingLine(described(v, t))}`);
    await interaction.reply({
      content: listContent(t.briefingListTitle({ count: lines.length }), lines, t.briefingListEmpty()),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

const remove: Subcommand = {
  name: 'remove',
  build: (sub) => sub.setName('remove').setDescription('Remove a briefing').addStringOption(idOption),
  async execute(interaction, { deps, guildId, t }) {
    const id = await removeBriefing(deps, guildId, interaction.options.getString('id', true));
    await interaction.reply({
      content: t.briefingRemoved({ id }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

const preview: Subcommand = {
  name: 'preview',
  build: (sub) =>
    sub.setName('preview').setDescription('Show what the next briefing would say now').addStringOption(idOption),
  async execute(interaction, { deps, guildId, t }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { row, content } = await previewBriefing(deps, guildId, interaction.options.getString('id', true));
    const [first] = renderBriefing({ periodKey: row.periodKey, opening: content.opening, stories: content.stories }, t);
    await interaction.editReply({
      content: truncate(`${t.briefingPreviewNote()}\n${first?.content ?? ''}`, 2000),
      allowedMentions: { parse: [] },
    });
  },
};

const subcommands: Subcommand[] = [add, list, remove, preview];

export default adminCommandGroup(
  'briefing',
  'Daily briefings: one post of the day’s stories at a set time',
  subcommands,
);
