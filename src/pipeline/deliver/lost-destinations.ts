import type { Deps } from '../../deps.js';
import type { PauseReason } from '../../ports/publisher.js';

/**
 * Stops posting to a channel the bot lost (deleted, hidden, or no longer allowed to post): pauses its subscriptions
 * with `reason`, fails its pending deliveries, and tells the server once — the first caller that pauses anything
 * sends the notice, later ones find nothing left to pause.
 */
export async function pauseChannel(
  deps: Pick<Deps, 'store' | 'publisher' | 'log' | 'now'>,
  channelId: string,
  reason: PauseReason,
): Promise<{ paused: number }> {
  const now = deps.now();
  const paused = [
    ...(await deps.store.subscriptions.pauseChannel(channelId, reason, now)),
    ...(await deps.store.topics.pauseChannel(channelId, now)),
  ];
  await deps.store.deliveries.failPending(channelId, `paused: ${reason}`);
  const guildId = paused[0]?.guildId;
  if (guildId) {
    const settings = await deps.store.guilds.get(guildId);
    const notice = { guildId, channelId, reason, count: paused.length, language: settings?.language ?? null };
    const target = deps.publisher ? await deps.publisher.announcePause(notice) : 'nowhere';
    deps.log.warn({ guildId, channelId, reason, paused: paused.length, target }, 'subscriptions paused');
  }
  return { paused: paused.length };
}

/** The bot was removed from a guild: pause everything it had there (kept, so re-inviting the bot can resume). */
export async function guildRemoved(deps: Pick<Deps, 'store' | 'log' | 'now'>, guildId: string): Promise<number> {
  const paused = await deps.store.subscriptions.pauseGuild(guildId, 'bot-removed' satisfies PauseReason, deps.now());
  deps.log.info({ guildId, paused }, 'guild removed; subscriptions paused');
  return paused;
}

/** A channel was deleted: its subscriptions (feed and topic) go, and so do its pending deliveries. */
export async function channelDeleted(deps: Pick<Deps, 'store' | 'log'>, channelId: string): Promise<number> {
  const removed = await deps.store.subscriptions.removeChannel(channelId);
  await deps.store.deliveries.failPending(channelId, 'channel deleted');
  if (removed > 0) deps.log.info({ channelId, removed }, 'channel deleted; subscriptions removed');
  return removed;
}
