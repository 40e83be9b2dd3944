import type { NormalizedFeed, NormalizedItem } from '../domain.js';
import { stripControlChars } from '../text/control.js';
import { feedTitleText } from './field-text.js';
import { assignItemKeys } from './item-key.js';
import { newestItems, truncation } from './limits.js';
import { absoluteHttpUrl, resolveBase } from './links.js';
import { xmlWebSubLinks } from './websub-links.js';
import { type RawXmlFeed, rawField } from './xml-feed.js';
import { normalizeXmlItem, pickPublished, type UnkeyedItem } from './xml-item.js';
import { asArray, attrOf, firstText, textOf } from './xml-node.js';

/**
 * Gives items their keys (see `assignItemKeys`) and drops later copies of an item identical in every identity,
 * keeping feed order.
 */
export function withKeys(items: readonly UnkeyedItem[]): NormalizedItem[] {
  const keys = assignItemKeys(items);
  const seen = new Set<string>();
  const out: NormalizedItem[] = [];
  items.forEach((item, i) => {
    const key = keys[i] ?? '';
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ key, ...item });
  });
  return out;
}

/** The feed's own page: an RSS `<link>` text, else an Atom alternate (or rel-less) link, else any Atom link. */
function feedLink(links: unknown[], base: string | null): string | null {
  const ranked = [
    ...links.filter((l) => attrOf(l, 'href') === null),
    ...links.filter((l) => ['alternate', null].includes(attrOf(l, 'rel'))),
    ...links.filter((l) => attrOf(l, 'rel') !== 'self'),
  ];
  for (const link of ranked) {
    const url = absoluteHttpUrl(attrOf(link, 'href') ?? textOf(link), base);
    if (url) return url;
  }
  return null;
}

/**
 * Normalizes an RSS/Atom feed as rss-parser returned it: its newest items within `FEED_LIMITS`, their text cut to
 * it (see `newestItems`, `truncated`). Relative links resolve against `xml:base`, then the feed's link, then
 * `baseUrl` (where the feed was fetched from).
 */
export function normalizeXmlFeed(raw: RawXmlFeed, baseUrl?: string): NormalizedFeed {
  const attrs = { $: rawField(raw.feed, '$') };
  const xmlBase = attrOf(attrs, 'xml:base');
  const feedBase = resolveBase(xmlBase, baseUrl ?? null);
  const links = asArray(rawField(raw.feed, 'atom:link'));
  const link = feedLink(links, feedBase);
  const itemBase = xmlBase ? feedBase : (link ?? feedBase);
  const language =
    firstText(rawField(raw.feed, 'language'), rawField(raw.feed, 'dc:language')) ?? attrOf(attrs, 'xml:lang');
  const kept = newestItems(raw.items, pickPublished).map((item) => normalizeXmlItem(item, itemBase));
  return {
    feed: {
      title: feedTitleText(firstText(rawField(raw.feed, 'title'), rawField(raw.feed, 'dc:title')) ?? ''),
      link,
      language: stripControlChars(language ?? '').trim() || null,
    },
    items: withKeys(kept.map((k) => k.item)),
    ...truncation(raw.items.length, kept),
    websub: xmlWebSubLinks(links, feedBase),
  };
}
