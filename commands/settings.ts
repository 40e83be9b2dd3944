import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { lookChoices, STYLE_CHOICES } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import type { SummaryStyle } from '../src/domain.js';
import { changeSettings, guildSettings, type SettingsChange } from '../src/pipeline/use-cases/settings.js';
import { changeStorySettings, STORY_WINDOW_HOURS, storySettingsOf } from '../src/pipeline/use-cases/stories.js';
import { guildTemplates, lookOfGuild } from '../src/pipeline/use-cases/templates.js';
import { type FillerPolicy, POST_LAYOUTS } from '../src/store/store.js';

/** `{ [key]: value }` when the option was given, else nothing. */
const optional = <K extends string, V>(key: K, value: V | null) =>
  (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;

export default {
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription("Show or change Herald's settings for this server")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('language')
        .setDescription('Summary language: source (keep the article’s) or a tag such as en, zh-TW, zh-CN')
        .setMaxLength(35),
    )
    .addStringOption((o) =>
      o
        .setName('style')
        .setDescription('Summary length')
        .addChoices(...STYLE_CHOICES),
    )
    .addStringOption((o) =>
      o
        .setName('template')
        .setDescription('How posts look: a preset (summary card, compact line…) or one of this server’s templates')
        .setAutocomplete(true),
    )
    .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone, e.g. Europe/Berlin').setMaxLength(60))
    .addStringOption((o) =>
      o
        .setName('filler')
        .setDescription('Articles that are not news (ads, horoscopes, quizzes…): post them or skip them')
        .addChoices({ name: 'post', value: 'post' }, { name: 'skip', value: 'skip' }),
    )
    .addBooleanOption((o) =>
      o
        .setName('per-story')
        .setDescription('New subscriptions and topics post one post per story, adding later copies to it'),
    )
    .addIntegerOption((o) =>
      o
        .setName('story-window-hours')
        .setDescription('Copies arriving within this many hours are added to the story’s post (1–168)')
        .setMinValue(STORY_WINDOW_HOURS.min)
        .setMaxValue(STORY_WINDOW_HOURS.max),
    ),
  requires: { manageServer: true },

  async autocomplete(interaction, { deps, guildId, t }) {
    const typed = interaction.options.getFocused();
    await interaction.respond(lookChoices(t, POST_LAYOUTS, await guildTemplates(deps, guildId), typed));
  },

  async execute(interaction, { deps, guildId, t }) {
    const option = (name: string) => interaction.options.getString(name) ?? undefined;
    const look = option('template');
    const change: SettingsChange = {
      language: option('language'),
      style: option('style') as SummaryStyle | undefined,
      timezone: option('timezone'),
      filler: option('filler') as FillerPolicy | undefined,
    };
    if (look) {
      // A preset replaces the server's template; a template keeps the preset beneath it.
      const { layout, template } = await lookOfGuild(deps, guildId, look);
      if (layout) change.layout = layout;
      change.template = template;
    }
    const stories = {
      ...optional('perStory', interaction.options.getBoolean('per-story')),
      ...optional('windowHours', interaction.options.getInteger('story-window-hours')),
    };
    const changed = Object.values(change).some((v) => v !== undefined) || Object.keys(stories).length > 0;
    const prefs = changed ? await changeSettings(deps, guildId, change) : await guildSettings(deps, guildId);
    const story = changed ? await changeStorySettings(deps, guildId, stories) : await storySettingsOf(deps, guildId);
    const shown = `${t.settingsShow({ ...prefs, layout: prefs.template ?? prefs.layout })}\n${t.settingsStories({ perStory: story.perStory, hours: story.windowHours })}`;
    await interaction.reply({
      content: changed ? `${t.settingsSaved()}\n${shown}` : shown,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
