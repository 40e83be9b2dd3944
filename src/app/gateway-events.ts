import type { Deps } from '../deps.js';
import type { GatewayEvents } from '../discord/bot.js';
import { channelDeleted, guildRemoved } from '../pipeline/deliver/lost-destinations.js';

/** What Herald does when the gateway says a server removed the bot or a channel was deleted. */
export function gatewayEvents(deps: Deps): GatewayEvents {
  return {
    guildRemoved: (guildId) => guildRemoved(deps, guildId),
    channelDeleted: (channelId) => channelDeleted(deps, channelId),
  };
}
