import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { subscriptionChoices } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import { confirmRow } from '../src/discord/confirm.js';
import { subscriptionOfGuild } from '../src/discord/guild-refs.js';
import { requireManageServer } from '../src/discord/permissions.js';
import { safeText } from '../src/discord/safe-text.js';
import { UserError } from '../src/i18n/user-error.js';

const shown = (text: string) => safeText(text, { oneLine: true, max: 100 });

export default {
  data: new SlashCommandBuilder()
    .setName('unsubscribe')
    .setDescription("Stop one of this server's subscriptions")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('subscription').setDescription('The subscription to stop').setRequired(true).setAutocomplete(true),
    ),

  async execute(interaction, { deps, t }) {
    requireManageServer(interaction);
    const guildId = interaction.guildId as string;
    const raw = interaction.options.getString('subscription', true);
    if (raw.startsWith('t')) {
      const topic = (await deps.store.topics.ofGuild(guildId)).find((s) => `t${s.id}` === raw);
      if (!topic) throw new UserError('unknownSubscription');
      await interaction.reply({
        content: t.confirmUnsubscribe({ feed: `“${shown(topic.query)}”`, channel: topic.channelId }),
        components: [confirmRow(t, 'unsubscribe', raw)],
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    const sub = await subscriptionOfGuild(deps.store, guildId, raw);
    const feed = await deps.store.feeds.get(sub.feedId);
    await interaction.reply({
      content: t.confirmUnsubscribe({
        feed: shown(feed?.title ?? feed?.url ?? String(sub.feedId)),
        channel: sub.channelId,
      }),
      components: [confirmRow(t, 'unsubscribe', sub.id)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, { deps }) {
    const typed = interaction.options.getFocused();
    await interaction.respond(
      await subscriptionChoices(deps.store, interaction.guild, interaction.guildId as string, typed),
    );
  },

  async button(interaction, { action, args }, { deps, t }) {
    // The same checks as the command: the click may come long after, from someone whose role changed.
    requireManageServer(interaction);
    if (action === 'cancel') {
      await interaction.update({ content: t.cancelled(), components: [] });
      return;
    }
    if (action !== 'confirm') throw new UserError('expired');
    const guildId = interaction.guildId as string;
    const raw = args[0] ?? '';
    if (raw.startsWith('t')) {
      const topic = (await deps.store.topics.ofGuild(guildId)).find((s) => `t${s.id}` === raw);
      if (!topic || !(await deps.store.topics.remove(guildId, topic.id))) {
        throw new UserError('unknownSubscription');
      }
      await interaction.update({
        content: t.unsubscribed({ feed: `“${shown(topic.query)}”`, channel: topic.channelId }),
        components: [],
        allowedMentions: { parse: [] },
      });
      return;
    }
    const sub = await subscriptionOfGuild(deps.store, guildId, raw);
    const feed = await deps.store.feeds.get(sub.feedId);
    await deps.store.subscriptions.remove(guildId, sub.id);
    await interaction.update({
      content: t.unsubscribed({ feed: shown(feed?.title ?? feed?.url ?? String(sub.feedId)), channel: sub.channelId }),
      components: [],
      allowedMentions: { parse: [] },
    });
  },
} satisfies Command;
