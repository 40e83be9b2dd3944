import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import { DEFAULT_GUILD_SETTINGS, type GuildSettings } from '../../store/store.js';

/** What `/settings` may change; absent fields keep their value. */
export type SettingsChange = Partial<Omit<GuildSettings, 'guildId'>>;

/** A guild's settings, defaults filled in for a guild that never set any. */
export async function guildSettings(deps: Pick<Deps, 'store'>, guildId: string): Promise<GuildSettings> {
  return (await deps.store.guilds.get(guildId)) ?? { guildId, ...DEFAULT_GUILD_SETTINGS };
}

/** Validates and stores a change of settings; a bad language tag or time zone is a `UserError` naming it. */
export async function changeSettings(
  deps: Pick<Deps, 'store' | 'now'>,
  guildId: string,
  change: SettingsChange,
): Promise<GuildSettings> {
  const next = { ...(await guildSettings(deps, guildId)) };
  if (change.language !== undefined) next.language = canonicalLanguage(change.language);
  if (change.timezone !== undefined) next.timezone = canonicalTimeZone(change.timezone);
  // Discord only offers the declared choices; anything else did not come from Discord's client.
  if (change.style) next.style = oneOf(change.style, ['brief', 'standard', 'detailed'] as const);
  if (change.layout) next.layout = oneOf(change.layout, ['full', 'compact'] as const);
  if (change.filler) next.filler = oneOf(change.filler, ['post', 'skip'] as const);
  return deps.store.guilds.put(next, deps.now());
}

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

function canonicalTimeZone(value: string): string {
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
