import { decodeEntities } from '../html/entities.js';
import { absoluteHttpUrl } from './links.js';

/** A feed a web page advertises with `<link rel="alternate" type="…">`. */
export interface DiscoveredFeed {
  url: string;
  type: 'rss' | 'atom' | 'json';
  title: string | null;
}

const TYPES: Readonly<Record<string, DiscoveredFeed['type']>> = {
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
};

/** Pages put their `<link>`s in the head; reading further would only find links in comments and scripts. */
const SEARCH_CHARS = 512 * 1024;
const TAG = /<(link|base)\b([^>]*)>/gi;
const ATTR = /([^\s=/"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) {
    const name = m[1]?.toLowerCase();
    if (name && !out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/**
 * The feeds an HTML page advertises, in document order: `<link rel="alternate">` of type RSS, Atom or JSON Feed,
 * resolved against `<base href>` and the page URL; non-http(s) and duplicate URLs dropped.
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const tags = [...html.slice(0, SEARCH_CHARS).matchAll(TAG)].map((m) => ({
    name: m[1]?.toLowerCase(),
    attrs: attributes(m[2] ?? ''),
  }));
  // The first <base href> is the base of the whole document, links before it included.
  const baseTag = tags.find((t) => t.name === 'base' && t.attrs.has('href'));
  const base = absoluteHttpUrl(baseTag?.attrs.get('href'), pageUrl) ?? pageUrl;
  const found: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (const { name, attrs } of tags) {
    if (name !== 'link') continue;
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = TYPES[(attrs.get('type') ?? '').toLowerCase().split(';')[0]?.trim() ?? ''];
    if (!rel.includes('alternate') || !type) continue;
    const url = absoluteHttpUrl(attrs.get('href'), base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    found.push({ url, type, title: attrs.get('title')?.trim() || null });
  }
  return found;
}

/**
 * The feed to follow among those a page lists: the first one that is not a comments feed (WordPress lists the
 * site's feed first and "Comments Feed" after it), else the first.
 */
export function pickDiscoveredFeed(feeds: readonly DiscoveredFeed[]): DiscoveredFeed | null {
  const isComments = (f: DiscoveredFeed) => /comment/i.test(f.title ?? '') || /\/comments\/feed\/?$/i.test(f.url);
  return feeds.find((f) => !isComments(f)) ?? feeds[0] ?? null;
}
