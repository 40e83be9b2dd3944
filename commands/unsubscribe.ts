import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { subscriptionChoices } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import { confirmIds, confirmRow } from '../src/discord/confirm.js';
import { channelNames } from '../src/discord/guild-view.js';
import { safeText } from '../src/discord/safe-text.js';
import { subscriptionsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';
import {
  findSubscription,
  type SubscriptionTarget,
  unsubscribe,
} from '../src/pipeline/use-cases/subscriptions-admin.js';

/** The subscription to stop: `<id>`, or `t<id>` for a topic subscription, as the autocomplete offers them. */
const ids = confirmIds('unsubscribe', z.object({ subscription: z.string().regex(/^t?\d+$/) }));

const shown = (text: string) => safeText(text, { oneLine: true, max: 100 });
const named = (target: SubscriptionTarget) =>
  target.kind === 'topic' ? `“${shown(target.query)}”` : shown(target.feedName);

export default {
  data: new SlashCommandBuilder()
    .setName('unsubscribe')
    .setDescription("Stop one of this server's subscriptions")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('subscription').setDescription('The subscription to stop').setRequired(true).setAutocomplete(true),
    ),
  requires: { manageServer: true },

  async execute(interaction, { deps, guildId, t }) {
    const target = await findSubscription(deps, guildId, interaction.options.getString('subscription', true));
    await interaction.reply({
      content: t.confirmUnsubscribe({ feed: named(target), channel: target.channelId }),
      components: [confirmRow(t, ids, { subscription: target.ref })],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, { deps, guildId }) {
    const typed = interaction.options.getFocused();
    const [names, subscriptions] = await Promise.all([channelNames(interaction), subscriptionsOfGuild(deps, guildId)]);
    await interaction.respond(subscriptionChoices(names, subscriptions, typed));
  },

  async button(interaction, { deps, guildId, t }) {
    const press = ids.parse(interaction.customId);
    if (press.action === 'cancel') {
      await interaction.update({ content: t.cancelled(), components: [] });
      return;
    }
    const target = await unsubscribe(deps, guildId, press.data.subscription);
    await interaction.update({
      content: t.unsubscribed({ feed: named(target), channel: target.channelId }),
      components: [],
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
