import type { WebSubLinks } from '../domain.js';
import { absoluteHttpUrl } from './links.js';
import { attrOf } from './xml-node.js';

/** Hubs kept per document or header: a feed names one or two; a hostile one cannot make Herald subscribe at 1,000. */
const MAX_HUBS = 5;
/** Longest `Link` header read; longer ones are cut (a real one is a few hundred bytes). */
const MAX_LINK_HEADER = 8_192;
/** Longest hub or topic URL taken (they are stored, and sent to the hub). */
const MAX_URL = 2_048;

const relTokens = (rel: string | null | undefined): string[] => (rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);

function collect(
  entries: Iterable<{ href: string | null | undefined; rel: string | null | undefined }>,
  base?: string | null,
) {
  const hubs: string[] = [];
  let self: string | null = null;
  for (const { href, rel } of entries) {
    const tokens = relTokens(rel);
    const url = absoluteHttpUrl(href, base);
    if (!url || url.length > MAX_URL) continue;
    if (tokens.includes('hub') && hubs.length < MAX_HUBS && !hubs.includes(url)) hubs.push(url);
    if (tokens.includes('self') && self === null) self = url;
  }
  return { hubs, self };
}

/** The hubs and `self` of an RSS/Atom feed's `<link>`/`<atom:link>` elements (as rss-parser kept them raw). */
export function xmlWebSubLinks(links: readonly unknown[], base: string | null): WebSubLinks {
  return collect(
    links.map((l) => ({ href: attrOf(l, 'href'), rel: attrOf(l, 'rel') })),
    base,
  );
}

/** The hubs and `self` of a JSON Feed: `hubs` of type WebSub (case-insensitive) and `feed_url`. */
export function jsonWebSubLinks(
  hubs: readonly { type?: string; url?: string }[] | undefined,
  feedUrl: string | undefined,
  base: string | null,
): WebSubLinks {
  const found = collect(
    (hubs ?? []).filter((h) => /^websub$/i.test(h.type ?? '')).map((h) => ({ href: h.url, rel: 'hub' })),
    base,
  );
  const self = absoluteHttpUrl(feedUrl, base);
  return { hubs: found.hubs, self: self && self.length <= MAX_URL ? self : null };
}

/**
 * The hubs and `self` of an HTTP `Link` header (RFC 8288): `<https://hub.example/>; rel="hub", <…>; rel=self`.
 * Relative targets resolve against `base` (the URL fetched).
 */
export function linkHeaderWebSubLinks(header: string | null, base: string | null): WebSubLinks {
  if (!header) return { hubs: [], self: null };
  const entries: { href: string; rel: string | null }[] = [];
  const link = /<([^>]*)>((?:\s*;\s*[^;,=]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const m of header.slice(0, MAX_LINK_HEADER).matchAll(link)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(m[2] ?? '');
    entries.push({ href: m[1] ?? '', rel: rel ? (rel[1] ?? rel[2] ?? null) : null });
  }
  return collect(entries, base);
}

/**
 * The hub and topic to subscribe to: the `Link` header's when it names a hub (the recommendation has subscribers
 * prefer it), else the document's; the topic is the `self` URL found with the hub, else the URL fetched. Null when
 * no hub is advertised.
 */
export function chooseWebSubLink(
  header: WebSubLinks,
  document: WebSubLinks | undefined,
  fetchedUrl: string,
): { hubUrl: string; topicUrl: string } | null {
  const source = header.hubs.length > 0 ? header : document;
  const hubUrl = source?.hubs[0];
  if (!source || !hubUrl) return null;
  return { hubUrl, topicUrl: source.self ?? fetchedUrl };
}
