import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { truncate } from '../src/discord/text.js';

export default {
  data: new SlashCommandBuilder()
    .setName('subscriptions')
    .setDescription("List this server's feed subscriptions")
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, { deps }) {
    const subs = await deps.store.listSubscriptions(interaction.guildId!);
    const lines = subs.map(
      (s) => `• <#${s.channelId}> ← **${s.feedTitle ?? s.feedUrl}**${s.pausedAt !== null ? ' (paused)' : ''}`,
    );
    const content = lines.length
      ? truncate(`**Subscriptions (${subs.length})**\n${lines.join('\n')}`, 2000)
      : 'This server follows no feeds yet. Add one with `/feed add`.';
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
} satisfies Command;
