import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { lookChoices, STYLE_CHOICES } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import type { SummaryStyle } from '../src/domain.js';
import { changeSettings, guildSettings, type SettingsChange } from '../src/pipeline/use-cases/settings.js';
import { guildTemplates, lookOfGuild } from '../src/pipeline/use-cases/templates.js';
import { type FillerPolicy, POST_LAYOUTS } from '../src/store/store.js';

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
    const changed = Object.values(change).some((v) => v !== undefined);
    const prefs = changed ? await changeSettings(deps, guildId, change) : await guildSettings(deps, guildId);
    const shown = t.settingsShow({ ...prefs, layout: prefs.template ?? prefs.layout });
    await interaction.reply({
      content: changed ? `${t.settingsSaved()}\n${shown}` : shown,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
