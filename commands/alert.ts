import { MessageFlags, type SlashCommandStringOption } from 'discord.js';
import { subscriptionChoices } from '../src/discord/choices.js';
import { roleOfGuild } from '../src/discord/guild-refs.js';
import { channelNames } from '../src/discord/guild-view.js';
import { adminCommandGroup, listContent, type Subcommand } from '../src/discord/subcommand.js';
import { subscriptionsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';
import { listAlerts, removeAlert, setAlert } from '../src/pipeline/use-cases/stories.js';

const subscriptionOption = (o: SlashCommandStringOption) =>
  o.setName('subscription').setDescription('The feed subscription').setRequired(true).setAutocomplete(true);

const suggest: Subcommand['autocomplete'] = async (interaction, { deps, guildId }) => {
  const typed = interaction.options.getFocused();
  const [names, { feeds }] = await Promise.all([channelNames(interaction), subscriptionsOfGuild(deps, guildId)]);
  await interaction.respond(subscriptionChoices(names, { feeds, topics: [] }, typed));
};

const set: Subcommand = {
  name: 'set',
  build: (sub) =>
    sub
      .setName('set')
      .setDescription('Mention a role when a story reaches N outlets within M minutes')
      .addStringOption(subscriptionOption)
      .addRoleOption((o) => o.setName('role').setDescription('The role to mention').setRequired(true))
      .addIntegerOption((o) =>
        o.setName('outlets').setDescription('How many outlets (2–20)').setRequired(true).setMinValue(2).setMaxValue(20),
      )
      .addIntegerOption((o) =>
        o
          .setName('minutes')
          .setDescription('Within how many minutes (1–1440)')
          .setRequired(true)
          .setMinValue(1)
          .setMaxValue(1440),
      ),
  async execute(interaction, { deps, guildId, t }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const role = await roleOfGuild(
      interaction.client.rest,
      guildId,
      String(interaction.options.get('role', true).value),
    );
    const rule = {
      roleId: role.id,
      outlets: interaction.options.getInteger('outlets', true),
      minutes: interaction.options.getInteger('minutes', true),
    };
    const { ref, perStory } = await setAlert(deps, {
      guildId,
      ref: interaction.options.getString('subscription', true),
      rule,
    });
    const said = t.alertSet({ subscription: ref, role: role.id, outlets: rule.outlets, minutes: rule.minutes });
    await interaction.editReply({
      content: perStory ? said : said + t.alertNeedsPerStory(),
      allowedMentions: { parse: [] },
    });
  },
  autocomplete: suggest,
};

const remove: Subcommand = {
  name: 'remove',
  build: (sub) =>
    sub.setName('remove').setDescription("Remove a subscription's breaking alert").addStringOption(subscriptionOption),
  async execute(interaction, { deps, guildId, t }) {
    const ref = await removeAlert(deps, guildId, interaction.options.getString('subscription', true));
    await interaction.reply({
      content: t.alertRemoved({ subscription: ref }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
  autocomplete: suggest,
};

const list: Subcommand = {
  name: 'list',
  build: (sub) => sub.setName('list').setDescription("List this server's breaking alerts"),
  async execute(interaction, { deps, guildId, t }) {
    const alerts = await listAlerts(deps, guildId);
    const lines = alerts.map(
      (a) =>
        `• ${t.alertRule({ subscription: a.ref, channel: a.channelId, role: a.rule.roleId, outlets: a.rule.outlets, minutes: a.rule.minutes })}`,
    );
    await interaction.reply({
      content: listContent(t.alertListTitle({ count: lines.length }), lines, t.alertListEmpty()),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

const subcommands: Subcommand[] = [set, remove, list];

export default adminCommandGroup(
  'alert',
  'Mention a role when a story is reported by many outlets quickly',
  subcommands,
);
