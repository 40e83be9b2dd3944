import { createHash } from 'node:crypto';

/** Longest item key stored; longer identities are hashed. */
export const MAX_KEY_LENGTH = 255;

const TRACKING_PARAM = /^(?:utm_[^=]*|fbclid|gclid)$/i;

/** What an item's identity is computed from. */
export interface ItemIdentity {
  guid: string | null;
  link: string | null;
  title: string;
  published: string | null;
  /** The rest of the item, only to tell apart items that share guid, link, title and date. */
  author?: string | null;
  imageUrl?: string | null;
  categories?: readonly string[];
  contentHtml?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Normalizes a link for identity: lowercase scheme and host, no fragment, no default port, no `utm_*`/`fbclid`/
 * `gclid` parameters; the rest of the query is kept byte for byte. Returns null for a value that is not an
 * absolute URL.
 */
export function normalizeLink(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  url.hash = '';
  if (url.search) {
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !TRACKING_PARAM.test(decodeURIComponentSafe(pair.split('=')[0] ?? '')));
    url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  }
  return url.href;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function bounded(prefix: 'g' | 'l' | 'h', value: string): string {
  const key = `${prefix}:${value}`;
  return key.length <= MAX_KEY_LENGTH ? key : `${prefix}:sha256:${sha256(value)}`;
}

/**
 * Every identity an item has, most preferred first: `g:` guid (trimmed, otherwise as is) → `l:` normalized link →
 * `h:` sha256 of title and published date → `h:` sha256 of everything else the item carries. The last two always
 * exist; the last is only reached when items of one fetch share all the others.
 */
export function identityKeys(item: ItemIdentity): string[] {
  const keys: string[] = [];
  const guid = item.guid?.trim();
  if (guid) keys.push(bounded('g', guid));
  const link = item.link ? normalizeLink(item.link) : null;
  if (link) keys.push(bounded('l', link));
  const titleDate = `${item.title}\n${item.published ?? ''}`;
  keys.push(`h:${sha256(titleDate)}`);
  const rest = [item.author ?? '', item.imageUrl ?? '', (item.categories ?? []).join('\n'), item.contentHtml ?? ''];
  keys.push(`h:${sha256([titleDate, ...rest].join('\n\n'))}`);
  return keys;
}

/** The preferred key of one item on its own. */
export function itemKey(item: ItemIdentity): string {
  return identityKeys(item)[0] ?? '';
}

/**
 * Keys for the items of one fetch, in order. Items that would share a key (a feed reusing one guid for several
 * stories) fall back to their next identity until distinct items have distinct keys; items identical in every
 * identity keep one key, so the store collapses them.
 */
export function assignItemKeys(items: readonly ItemIdentity[]): string[] {
  const candidates = items.map(identityKeys);
  // Items equal in every identity are one item seen twice: they move together and never push each other down.
  const signature = candidates.map((keys) => keys.join('\n'));
  const level = items.map(() => 0);
  const keyOf = (i: number): string => candidates[i]?.[level[i] ?? 0] ?? '';
  for (let changed = true; changed; ) {
    changed = false;
    const groups = new Map<string, number[]>();
    items.forEach((_, i) => {
      const key = keyOf(i);
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    });
    for (const group of groups.values()) {
      if (new Set(group.map((i) => signature[i])).size < 2) continue;
      for (const i of group) {
        if ((level[i] ?? 0) < (candidates[i]?.length ?? 0) - 1) {
          level[i] = (level[i] ?? 0) + 1;
          changed = true;
        }
      }
    }
  }
  return items.map((_, i) => keyOf(i));
}
