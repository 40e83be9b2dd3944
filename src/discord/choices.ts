import type { Catalogue } from '../i18n/messages.js';
import type { GuildSubscription, TopicSubscriptionRow } from '../store/store.js';
import { safeText } from './safe-text.js';

/** At most 25 suggestions, Discord's limit. */
const MAX_CHOICES = 25;

const matches = (text: string, typed: string) => text.toLowerCase().includes(typed.trim().toLowerCase());

/** The guild's feeds whose title or URL contains what the user typed. */
export function feedChoices(feeds: ReadonlyArray<{ id: number; title: string | null; url: string }>, typed: string) {
  return feeds
    .map((f) => ({ id: f.id, label: f.title ? `${f.title} — ${f.url}` : f.url }))
    .filter((f) => matches(f.label, typed))
    .slice(0, MAX_CHOICES)
    .map((f) => ({ name: choiceName(f.label), value: String(f.id) }));
}

/** The guild's subscriptions as `#channel ← feed`, filtered by what the user typed. */
export function subscriptionChoices(
  channelNames: ReadonlyMap<string, string>,
  { feeds, topics }: { feeds: readonly GuildSubscription[]; topics: readonly TopicSubscriptionRow[] },
  typed: string,
) {
  const channelName = (id: string) => channelNames.get(id) ?? id;
  return [
    ...feeds.map((s) => ({
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

/** The choices of a summary style option (`/settings`, `/subscribe`); Discord shows their localized names. */
export const STYLE_CHOICES = [
  { name: 'brief', value: 'brief' },
  { name: 'standard', value: 'standard' },
  { name: 'detailed', value: 'detailed' },
] as const;

/**
 * The choices of a `template` option: the presets under their localized names, then the server's templates, those
 * matching what the user typed; at most 25.
 */
export function lookChoices(
  t: Catalogue,
  presets: readonly string[],
  templates: ReadonlyArray<{ name: string }>,
  typed: string,
) {
  return [
    ...presets.map((preset) => ({ label: `${t.presetName({ preset })} (${preset})`, value: preset })),
    ...templates.map((tpl) => ({ label: tpl.name, value: tpl.name })),
  ]
    .filter((c) => matches(c.label, typed))
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: choiceName(c.label), value: c.value }));
}
