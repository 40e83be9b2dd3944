import { createRequire } from 'node:module';
import type { OpmlEntryProblem } from '../domain.js';
import { UserError } from '../i18n/user-error.js';
import { decodeFeedBody } from '../text/decode.js';
import { repairAmpersands } from './parse.js';
import { attrOf, childrenOf, firstText } from './xml-node.js';

/** xml2js (on sax), the parser rss-parser uses too; it ships no types, so the little used is typed here. */
const { Parser } = createRequire(import.meta.url)('xml2js') as {
  Parser: new (options: object) => { parseStringPromise(xml: string): Promise<Record<string, unknown> | null> };
};

/** What an OPML file may hold before Herald refuses it. */
export const OPML_LIMITS = {
  /** Bytes of the file (an OPML of 500 feeds is about 100 KB). */
  maxBytes: 1024 * 1024,
  /** Distinct feeds in one file. */
  maxFeeds: 500,
  /** `<outline>` elements of any kind (categories included). */
  maxOutlines: 5000,
  /** Nesting of `<outline>` elements. */
  maxDepth: 32,
} as const;

/** One feed of an OPML file, or one feed of a server to write into one. */
export interface OpmlFeed {
  /** The feed's address (`xmlUrl`), normalized: http(s), no fragment. */
  url: string;
  /** `title`, else `text`; null when the outline has neither. */
  title: string | null;
  /** The site's address (`htmlUrl`), or null. */
  siteLink: string | null;
  /** The enclosing category outlines, outermost first, joined with ` / `; null at the top level. */
  category: string | null;
}

/** An outline that looked like a feed but could not be one, and why. */
export interface OpmlInvalidEntry {
  /** The `xmlUrl` as written, else the outline's title; null when it has neither. */
  entry: string | null;
  problem: OpmlEntryProblem;
}

/** A parsed OPML file. */
export interface OpmlDocument {
  /** `<head><title>`, or null. */
  title: string | null;
  /** The distinct feeds, in document order (the first occurrence of a repeated address wins). */
  feeds: OpmlFeed[];
  invalid: OpmlInvalidEntry[];
  /** How many outlines repeated an address already listed (many readers list a feed once per category). */
  duplicates: number;
}

const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i;
const FEED_ROOTS: ReadonlySet<string> = new Set(['rss', 'feed', 'rdf:rdf']);

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

function createParser() {
  const lower = (name: string) => name.toLowerCase();
  // Element and attribute names are read case-insensitively: exporters write xmlUrl, xmlurl and XMLURL.
  return new Parser({ normalizeTags: true, attrNameProcessors: [lower], explicitArray: true, explicitRoot: true });
}

async function parseXml(xml: string): Promise<Record<string, unknown>> {
  try {
    return (await createParser().parseStringPromise(xml)) ?? {};
  } catch (first) {
    const repaired = repairAmpersands(xml);
    if (repaired !== xml) {
      try {
        return (await createParser().parseStringPromise(repaired)) ?? {};
      } catch {
        // Report the original document's error, not the repair's.
      }
    }
    throw new UserError('opmlMalformed', { detail: firstLine(first) });
  }
}

/**
 * The feed address an `xmlUrl` names, or why it names none. `feed://host/path` and `feed:https://…` (the feed: URI
 * scheme some readers export) become their http(s) address.
 */
export function opmlFeedUrl(raw: string): { url: string } | { problem: OpmlEntryProblem } {
  const text = raw
    .trim()
    .replace(/^feed:(?=https?:)/i, '')
    .replace(/^feed:\/\//i, 'http://');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: { code: 'not-absolute' } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: { code: 'unsupported-scheme', scheme: url.protocol.replace(':', '') } };
  }
  url.hash = '';
  return { url: url.toString() };
}

const attr = (node: unknown, name: string): string | null => {
  const value = attrOf(node, name)?.trim();
  return value ? value : null;
};

/** The error for a file over {@link OPML_LIMITS}.maxBytes. */
export function opmlTooLarge(): UserError {
  return new UserError('opmlTooLarge', { maxBytes: OPML_LIMITS.maxBytes });
}

/**
 * Refuses a file over {@link OPML_LIMITS}.maxBytes before anything reads it.
 * @throws UserError
 */
export function checkOpmlSize(bytes: number): void {
  if (bytes > OPML_LIMITS.maxBytes) throw opmlTooLarge();
}

/**
 * Parses an OPML 1.0/2.0 subscription list as readers export it (Feedly, Inoreader, Miniflux, FreshRSS,
 * NetNewsWire, Thunderbird): every `<outline>` with an `xmlUrl` is a feed, whatever its `type` (`rss`, `atom` or
 * none); outlines without one are categories and may nest. The bytes are decoded like a feed (BOM, then the XML
 * declaration's `encoding`, so Big5 or GBK files read correctly), HTML named entities are understood, DTD-declared
 * ones are not expanded, and a bare `&` is repaired. Repeated addresses are collapsed and unusable ones reported in
 * `invalid`, not fatal.
 * @throws UserError when the file is too large, is not XML, is not OPML, or goes past {@link OPML_LIMITS}
 */
export async function parseOpml(bytes: Uint8Array, contentType?: string | null): Promise<OpmlDocument> {
  checkOpmlSize(bytes.byteLength);
  const text = decodeFeedBody(bytes, contentType).replace(/^\s+/, '');
  if (text === '') throw new UserError('opmlEmpty');
  if (HTML_START.test(text.slice(0, 4096))) throw new UserError('opmlWebPage');
  if (!text.startsWith('<')) throw new UserError('opmlNotXml');
  const doc = await parseXml(text);
  const [root = ''] = Object.keys(doc);
  if (root !== 'opml') throw new UserError('opmlWrongRoot', { root, feed: FEED_ROOTS.has(root) });
  const opml = doc.opml;
  const body = childrenOf(opml, 'body')[0];
  if (body === undefined) throw new UserError('opmlNoBody');
  const result: OpmlDocument = {
    title: firstText(childrenOf(childrenOf(opml, 'head')[0], 'title')),
    feeds: [],
    invalid: [],
    duplicates: 0,
  };
  const seen = new Set<string>();
  let outlines = 0;
  const addFeed = (outline: unknown, xmlUrl: string, title: string | null, path: string[]): void => {
    const parsed = opmlFeedUrl(xmlUrl);
    if ('problem' in parsed) {
      result.invalid.push({ entry: xmlUrl, problem: parsed.problem });
      return;
    }
    if (seen.has(parsed.url)) {
      result.duplicates += 1;
      return;
    }
    seen.add(parsed.url);
    if (seen.size > OPML_LIMITS.maxFeeds) {
      throw new UserError('opmlTooManyFeeds', { max: OPML_LIMITS.maxFeeds });
    }
    const site = attr(outline, 'htmlurl');
    const siteUrl = site === null ? null : opmlFeedUrl(site);
    result.feeds.push({
      url: parsed.url,
      title,
      siteLink: siteUrl && 'url' in siteUrl ? siteUrl.url : null,
      category: path.length > 0 ? path.join(' / ') : null,
    });
  };
  // Depth first in document order with a stack of its own (a hostile file nests deeper than the call stack goes).
  // Every outline counts towards the depth, named or not.
  const stack: { outlines: unknown[]; next: number; path: string[] }[] = [
    { outlines: childrenOf(body, 'outline'), next: 0, path: [] },
  ];
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    if (top.next >= top.outlines.length) {
      stack.pop();
      continue;
    }
    const outline = top.outlines[top.next++];
    outlines += 1;
    if (outlines > OPML_LIMITS.maxOutlines) {
      throw new UserError('opmlTooManyOutlines', { max: OPML_LIMITS.maxOutlines });
    }
    const name = attr(outline, 'title') ?? attr(outline, 'text');
    const xmlUrl = attr(outline, 'xmlurl');
    if (xmlUrl !== null) addFeed(outline, xmlUrl, name, top.path);
    else if (attr(outline, 'type')?.toLowerCase() === 'rss') {
      result.invalid.push({ entry: name, problem: { code: 'no-address' } });
    }
    const children = childrenOf(outline, 'outline');
    if (children.length === 0) continue;
    if (stack.length >= OPML_LIMITS.maxDepth) {
      throw new UserError('opmlTooDeep', { max: OPML_LIMITS.maxDepth });
    }
    const path = name === null || xmlUrl !== null ? top.path : [...top.path, name];
    stack.push({ outlines: children, next: 0, path });
  }
  return result;
}

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text safe inside a double-quoted XML attribute or an element. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Writes an OPML 2.0 subscription list: one `type="rss"` outline per feed with its title as `text` and `title` (the
 * address when it has none), `xmlUrl` and `htmlUrl`, grouped under one outline per category, in the order given.
 */
export function writeOpml(doc: {
  title: string;
  /** Epoch milliseconds, written as `dateCreated` (RFC 822). */
  created: number;
  feeds: readonly OpmlFeed[];
}): string {
  const outline = (feed: OpmlFeed, indent: string) => {
    const name = escapeXml(feed.title ?? feed.url);
    const site = feed.siteLink ? ` htmlUrl="${escapeXml(feed.siteLink)}"` : '';
    return `${indent}<outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(feed.url)}"${site}/>`;
  };
  const byCategory = new Map<string | null, OpmlFeed[]>();
  for (const feed of doc.feeds) byCategory.set(feed.category, [...(byCategory.get(feed.category) ?? []), feed]);
  const body = [...byCategory].flatMap(([category, feeds]) => {
    if (category === null) return feeds.map((f) => outline(f, '    '));
    const name = escapeXml(category);
    return [
      `    <outline text="${name}" title="${name}">`,
      ...feeds.map((f) => outline(f, '      ')),
      '    </outline>',
    ];
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(doc.title)}</title>`,
    `    <dateCreated>${new Date(doc.created).toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...body,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

export type { OpmlEntryProblem } from '../domain.js';
