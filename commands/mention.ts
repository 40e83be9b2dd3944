import { MessageFlags, type SlashCommandStringOption } from 'discord.js';
import { subscriptionChoices } from '../src/discord/choices.js';
import { shownFilter } from '../src/discord/filter-text.js';
import { roleOfGuild } from '../src/discord/guild-refs.js';
import { channelNames } from '../src/discord/guild-view.js';
import { adminCommandGroup, listContent, type Subcommand } from '../src/discord/subcommand.js';
import { addMentionRule, listMentionRules, removeMentionRule } from '../src/pipeline/use-cases/filters.js';
import { subscriptionsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';

const subscriptionOption = (description: string) => (o: SlashCommandStringOption) =>
  o.setName('subscription').setDescription(description).setRequired(true).setAutocomplete(true);

const suggest: Subcommand['autocomplete'] = async (interaction, { deps, guildId }) => {
  const typed = interaction.options.getFocused();
  const [names, subscriptions] = await Promise.all([channelNames(interaction), subscriptionsOfGuild(deps, guildId)]);
  await interaction.respond(subscriptionChoices(names, subscriptions, typed));
};

const add: Subcommand = {
  name: 'add',
  build: (sub) =>
    sub
      .setName('add')
      .setDescription("Mention a role on a subscription's posts, or only on those matching a filter")
      .addStringOption(subscriptionOption('The feed or topic subscription'))
      .addRoleOption((o) => o.setName('role').setDescription('The role to mention').setRequired(true))
      .addStringOption((o) =>
        o
          .setName('filter')
          .setDescription('Only posts matching this, e.g. entity:台灣 or topic:business (default: every post)')
          .setMaxLength(500),
      ),
  async execute(interaction, { deps, guildId, t }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const roleId = String(interaction.options.get('role', true).value);
    const role = await roleOfGuild(interaction.client.rest, guildId, roleId);
    const { target, rule } = await addMentionRule(deps, {
      guildId,
      ref: interaction.options.getString('subscription', true),
      roleId: role.id,
      filter: interaction.options.getString('filter'),
    });
    await interaction.editReply({
      content: t.mentionAdded({
        role: role.id,
        subscription: target.ref,
        filter: rule.filter === null ? null : shownFilter(rule.filter),
      }),
      allowedMentions: { parse: [] },
    });
  },
  autocomplete: suggest,
};

const remove: Subcommand = {
  name: 'remove',
  build: (sub) =>
    sub
      .setName('remove')
      .setDescription("Stop mentioning a role on a subscription's posts")
      .addStringOption(subscriptionOption('The feed or topic subscription'))
      .addRoleOption((o) => o.setName('role').setDescription('The role to stop mentioning').setRequired(true)),
  async execute(interaction, { deps, guildId, t }) {
    const roleId = String(interaction.options.get('role', true).value);
    const target = await removeMentionRule(deps, {
      guildId,
      ref: interaction.options.getString('subscription', true),
      roleId,
    });
    await interaction.reply({
      content: t.mentionRemoved({ role: roleId, subscription: target.ref }),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
  autocomplete: suggest,
};

const list: Subcommand = {
  name: 'list',
  build: (sub) => sub.setName('list').setDescription("List this server's mention rules"),
  async execute(interaction, { deps, guildId, t }) {
    const rules = await listMentionRules(deps, guildId);
    const lines = rules.map(
      (r) =>
        `• \`${r.ref}\` ${t.mentionRule({ role: r.roleId, filter: r.filter === null ? null : shownFilter(r.filter) })}`,
    );
    await interaction.reply({
      content: listContent(t.mentionListTitle({ count: lines.length }), lines, t.mentionListEmpty()),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};

const subcommands: Subcommand[] = [add, remove, list];

export default adminCommandGroup(
  'mention',
  'Mention roles on the posts of a subscription, each with its own filter',
  subcommands,
);
