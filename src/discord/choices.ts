import type { Guild } from 'discord.js';
import type { Store } from '../store/store.js';
import { safeText } from './safe-text.js';

/** At most 25 suggestions, Discord's limit. */
const MAX_CHOICES = 25;

const matches = (text: string, typed: string) => text.toLowerCase().includes(typed.trim().toLowerCase());

/** The guild's feeds (those a channel of it follows) whose title or URL contains what the user typed. */
export async function feedChoices(store: Store, guildId: string, typed: string) {
  const seen = new Map<number, string>();
  for (const s of await store.subscriptions.ofGuild(guildId)) {
    if (!seen.has(s.feedId)) seen.set(s.feedId, s.feedTitle ? `${s.feedTitle} — ${s.feedUrl}` : s.feedUrl);
  }
  return [...seen]
    .filter(([, label]) => matches(label, typed))
    .slice(0, MAX_CHOICES)
    .map(([id, label]) => ({ name: choiceName(label), value: String(id) }));
}

/** The guild's subscriptions as `#channel ← feed`, filtered by what the user typed. */
export async function subscriptionChoices(store: Store, guild: Guild | null, guildId: string, typed: string) {
  const [subs, topics] = await Promise.all([store.subscriptions.ofGuild(guildId), store.topics.ofGuild(guildId)]);
  const channelName = (id: string) => guild?.channels.cache.get(id)?.name ?? id;
  return [
    ...subs.map((s) => ({
      id: String(s.id),
      label: `#${channelName(s.channelId)} ← ${s.feedTitle ?? s.feedUrl}${s.pausedAt !== null ? ' (paused)' : ''}`,
    })),
    // Topic subscriptions live in their own table: their values carry a `t` so the ids cannot collide.
    ...topics.map((s) => ({ id: `t${s.id}`, label: `#${channelName(s.channelId)} ← “${s.query}”` })),
  ]
    .filter((c) => matches(c.label, typed))
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: choiceName(c.label), value: String(c.id) }));
}

/** Discord shows a choice name as written (no Markdown) and takes at most 100 characters. */
function choiceName(label: string): string {
  return safeText(label, { oneLine: true, plain: true, max: 100 });
}
