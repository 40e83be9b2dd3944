import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../i18n/user-error.js';
import { channelOfGuild, missingBotPermissions } from './guild-refs.js';

/**
 * The channel a command posts in: its `channel` option, or the channel it was run in. Read from Discord itself and
 * checked to be in this server, of a type Herald posts in, and one where the bot has what it needs to post
 * (`botMissing` names what it lacks); `threads`: and to start a thread on each post.
 */
export async function postableChannel(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  option = 'channel',
  needs: { threads?: boolean } = {},
) {
  const rest = interaction.client.rest;
  const channelId = String(interaction.options.get(option)?.value ?? interaction.channelId);
  const channel = await channelOfGuild(rest, guildId, channelId);
  const missing = await missingBotPermissions(rest, interaction.client.user.id, channel, needs);
  if (missing.length > 0) throw new UserError('botMissing', { channel: channel.id, permissions: missing });
  return channel;
}
