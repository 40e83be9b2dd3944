import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import {
  DEFAULT_GUILD_SETTINGS,
  type DeliveryRow,
  type GuildSettings,
  POST_LAYOUTS,
  type SubscriptionSettings,
} from '../../store/store.js';
import { replanGuildBriefings } from '../briefings/briefings.js';

/** What `/settings` may change; absent fields keep their value. */
export type SettingsChange = Partial<Omit<GuildSettings, 'guildId'>>;

/** A guild's settings, defaults filled in for a guild that never set any. */
export async function guildSettings(deps: Pick<Deps, 'store'>, guildId: string): Promise<GuildSettings> {
  return (await deps.store.guilds.get(guildId)) ?? { guildId, ...DEFAULT_GUILD_SETTINGS };
}

/**
 * Validates and stores a change of settings; a bad language tag or time zone is a `UserError` naming it. A new time
 * zone re-plans the server's briefings that follow it.
 */
export async function changeSettings(
  deps: Pick<Deps, 'store' | 'now'>,
  guildId: string,
  change: SettingsChange,
): Promise<GuildSettings> {
  const current = await guildSettings(deps, guildId);
  const next = { ...current };
  if (change.language !== undefined) next.language = canonicalLanguage(change.language);
  if (change.timezone !== undefined) next.timezone = canonicalTimeZone(change.timezone);
  // Discord only offers the declared choices; anything else did not come from Discord's client.
  if (change.style) next.style = oneOf(change.style, STYLES);
  if (change.layout) next.layout = oneOf(change.layout, LAYOUTS);
  if (change.filler) next.filler = oneOf(change.filler, ['post', 'skip'] as const);
  // A template name was looked up by the caller (`lookOfGuild`); null goes back to the preset.
  if (change.template !== undefined) next.template = change.template;
  const stored = await deps.store.guilds.put(next, deps.now());
  // Briefings that follow the server's zone were planned in the old one.
  if (current.timezone !== stored.timezone) await replanGuildBriefings(deps, guildId);
  return stored;
}

/**
 * A subscription's own language, style and look (a preset `layout` or a `template`), validated as `/settings`
 * validates the server's; an absent or null field is null (the server's setting).
 */
export function checkedSubscriptionSettings(input: {
  language?: string | null;
  style?: string | null;
  layout?: string | null;
  /** The name of one of the server's templates, found by `lookOfGuild`. */
  template?: string | null;
}): SubscriptionSettings {
  return {
    language: input.language ? canonicalLanguage(input.language) : null,
    style: input.style ? oneOf(input.style, STYLES) : null,
    layout: input.layout ? oneOf(input.layout, LAYOUTS) : null,
    template: input.template ?? null,
  };
}

/**
 * The settings a subscription's posts use: its own language, style and look where set, else its server's. A look is a
 * preset (`layout`) or a custom template (`template`): a subscription that chose either keeps its choice whole.
 */
export function effectiveSettings(guild: GuildSettings, sub: Partial<SubscriptionSettings> | null): GuildSettings {
  const ownLook = Boolean(sub?.layout || sub?.template);
  return {
    ...guild,
    language: sub?.language ?? guild.language,
    style: sub?.style ?? guild.style,
    layout: sub?.layout ?? guild.layout,
    template: ownLook ? (sub?.template ?? null) : (guild.template ?? null),
  };
}

/** The settings a delivery is posted with: its subscription's own, else its server's. */
export async function deliverySettings(
  deps: Pick<Deps, 'store'>,
  delivery: Pick<DeliveryRow, 'guildId' | 'subscriptionId' | 'topicSubscriptionId'>,
): Promise<GuildSettings> {
  const [guild, owner] = await Promise.all([
    guildSettings(deps, delivery.guildId),
    delivery.subscriptionId !== null
      ? deps.store.subscriptions.get(delivery.subscriptionId)
      : delivery.topicSubscriptionId !== null
        ? deps.store.topics.get(delivery.topicSubscriptionId)
        : null,
  ]);
  return effectiveSettings(guild, owner);
}

const STYLES = ['brief', 'standard', 'detailed'] as const;
const LAYOUTS = POST_LAYOUTS;

function canonicalLanguage(value: string): string {
  const v = value.trim();
  if (v.toLowerCase() === 'source') return 'source';
  try {
    const [tag] = Intl.getCanonicalLocales(v);
    if (tag) return tag;
  } catch {
    // RangeError: not a well-formed BCP 47 tag.
  }
  throw new UserError('badLanguage', { value: v.slice(0, 40) });
}

/** An IANA time zone as Intl names it; `badTimezone` when it is none. */
export function canonicalTimeZone(value: string): string {
  const v = value.trim();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    throw new UserError('badTimezone', { value: v.slice(0, 60) });
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UserError('notOneOf', { value: value.slice(0, 20), allowed });
  return value as T;
}
