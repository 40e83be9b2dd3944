/** The languages Herald's replies and command names are written in. */
export const LOCALES = ['en-US', 'zh-TW', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The catalogue locale for a Discord locale or BCP 47 tag: Traditional Chinese for zh-TW/zh-HK/zh-Hant, Simplified
 * for the other zh tags, English otherwise.
 */
export function pickLocale(tag: string | null | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  if (!t.startsWith('zh')) return 'en-US';
  return /^zh-(tw|hk|mo|hant)/.test(t) ? 'zh-TW' : 'zh-CN';
}
