import type { NormalizedItem } from '../domain.js';
import { articleText } from '../html/article-text.js';
import { stripControlChars } from '../text/control.js';
import { parseFeedDate } from './dates.js';
import { fieldText } from './field-text.js';
import { createItemClipper, type ItemClipper } from './limits.js';
import { absoluteHttpUrl, resolveBase } from './links.js';
import { pickImageUrl } from './media.js';
import { type RawRecord, rawField } from './xml-feed.js';
import { asArray, attrOf, childrenOf, firstText, stringField, textOf } from './xml-node.js';

/** An item before its key is assigned (keys depend on the other items of the fetch). */
export type UnkeyedItem = Omit<NormalizedItem, 'key'>;

/** Where an item's date may be, most authoritative first; the update dates only stand in when nothing else is. */
const DATE_FIELDS = ['pubDate', 'atom:published', 'dc:date', 'issued', 'atom:updated', 'modified'];
const EMAIL = /^[^\s@()<>]+@[^\s@()<>]+$/;

function isAlternate(link: unknown): boolean {
  const rel = attrOf(link, 'rel');
  return rel === null || rel === 'alternate';
}

/** The item's page: the first RSS `<link>` text or Atom alternate link, then a permalink guid. */
function pickLink(item: RawRecord, base: string | null): string | null {
  const links = asArray(rawField(item, 'atom:link')).filter(isAlternate);
  for (const link of links) {
    const url = absoluteHttpUrl(attrOf(link, 'href') ?? textOf(link), base);
    if (url) return url;
  }
  const guid = asArray(rawField(item, 'guid'))[0];
  return attrOf(guid, 'isPermaLink')?.toLowerCase() === 'false' ? null : absoluteHttpUrl(textOf(guid));
}

/** "jo@example.org (Jo Bloggs)" or "Jo Bloggs (jo@example.org)" → "Jo Bloggs"; anything else as written. */
function authorName(text: string): string {
  const match = /^(.*?)\s*\((.*)\)$/.exec(text);
  if (!match) return text;
  const [outer = '', inner = ''] = [match[1]?.trim(), match[2]?.trim()];
  if (EMAIL.test(outer) && inner) return inner;
  if (EMAIL.test(inner) && outer) return outer;
  return text;
}

function pickAuthor(item: RawRecord, clip: ItemClipper): string | null {
  const person = (a: unknown) =>
    firstText(childrenOf(a, 'name'), childrenOf(a, 'atom:name'), childrenOf(a, 'email'), childrenOf(a, 'atom:email')) ??
    a;
  const candidates = [
    ...asArray(rawField(item, 'dc:creator')),
    ...[...asArray(rawField(item, 'author')), ...asArray(rawField(item, 'atom:author'))].map(person),
    ...asArray(rawField(item, 'itunes:author')),
    ...asArray(rawField(item, 'dc:author')),
  ];
  // One argument, not spread: an item may repeat an author element more times than a call takes arguments.
  const text = firstText(candidates);
  // Cut before authorName: its pattern backtracks over a long name full of parentheses.
  return text ? authorName(clip.field(fieldText(text))) || null : null;
}

/** An Atom category's label (human-readable) or term, or an RSS category's text. */
const categoryName = (c: unknown): string => attrOf(c, 'label') ?? attrOf(c, 'term') ?? textOf(c);

function pickCategories(item: RawRecord): string[] {
  const values = [
    ...asArray(rawField(item, 'category')).map(categoryName),
    ...asArray(rawField(item, 'dc:subject')).map(textOf),
    ...asArray(rawField(item, 'atom:category')).map(categoryName),
  ];
  return [...new Set(values.map(fieldText).filter((v) => v !== ''))];
}

/** The item's date (ISO 8601), from the most authoritative element that holds a valid one, or null. */
export function pickPublished(item: RawRecord): string | null {
  for (const field of DATE_FIELDS) {
    for (const value of asArray(rawField(item, field))) {
      const date = parseFeedDate(textOf(value));
      if (date) return date;
    }
  }
  return null;
}

/**
 * Normalizes one RSS/Atom item as rss-parser returned it, its text cut to `FEED_LIMITS` (`cut` says whether any
 * was). `parentBase` is what relative links resolve against when the item has no `xml:base` of its own (the feed's
 * xml:base, its link, or the URL it was fetched from).
 */
export function normalizeXmlItem(item: RawRecord, parentBase: string | null): { item: UnkeyedItem; cut: boolean } {
  const clip = createItemClipper();
  const base = resolveBase(attrOf({ $: rawField(item, '$') }, 'xml:base'), parentBase);
  const contentHtml = clip.html(
    stringField(item, 'content:encoded') ||
      stringField(item, 'content') ||
      stringField(item, 'summary') ||
      firstText(rawField(item, 'atom:content'), rawField(item, 'dc:description'), rawField(item, 'itunes:summary')) ||
      '',
  );
  const title = firstText(rawField(item, 'title'), rawField(item, 'dc:title')) ?? '';
  const normalized: UnkeyedItem = {
    guid: firstText(rawField(item, 'guid'), rawField(item, 'id')),
    title: clip.field(fieldText(clip.html(title))),
    link: pickLink(item, base),
    published: pickPublished(item),
    author: pickAuthor(item, clip),
    imageUrl: pickImageUrl(item, contentHtml, base),
    contentText: clip.text(stripControlChars(articleText(contentHtml))),
    contentHtml,
    categories: clip.categories(pickCategories(item)),
  };
  return { item: normalized, cut: clip.cut };
}
