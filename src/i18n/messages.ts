import { type Catalogue, en } from './en.js';
import type { Locale } from './locale.js';
import { zhCN } from './zh-cn.js';
import { zhTW } from './zh-tw.js';

export type { Catalogue } from './en.js';

const CATALOGUES: Record<Locale, Catalogue> = { 'en-US': en, 'zh-TW': zhTW, 'zh-CN': zhCN };

/** The reply catalogue of a locale. */
export function messages(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}
