import type { NormalizedFeed } from '../domain.js';
import { FeedError } from './errors.js';
import { parseJsonFeed } from './json-feed.js';
import { FEED_LIMITS } from './limits.js';
import { normalizeXmlFeed } from './normalize.js';
import { nestsDeeperThan } from './xml-depth.js';
import { parseXmlFeed, type RawXmlFeed } from './xml-feed.js';

const HTML_PAGE = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i;
/** An `&` that does not start a character or entity reference. */
const BARE_AMPERSAND = /&(?!#\d+;|#x[0-9a-f]+;|[a-z_][\w.-]*;)/gi;

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/** Escapes bare `&`s, the most common way real feeds are not well-formed XML. */
export function repairAmpersands(xml: string): string {
  return xml.replace(BARE_AMPERSAND, '&amp;');
}

async function parseXml(xml: string): Promise<RawXmlFeed> {
  try {
    return await parseXmlFeed(xml);
  } catch (first) {
    if (/not recognized as RSS/i.test(firstLine(first))) {
      throw new FeedError({ code: 'not-a-feed', document: 'xml' }, 'document is XML but not RSS or Atom', {
        cause: first,
      });
    }
    const repaired = repairAmpersands(xml);
    if (repaired !== xml) {
      try {
        return await parseXmlFeed(repaired);
      } catch {
        // Report the original document's error, not the repair's.
      }
    }
    const detail = firstLine(first).replace(/\s+/g, ' ');
    throw new FeedError({ code: 'malformed', detail }, `feed is not well-formed XML: ${detail}`, { cause: first });
  }
}

/**
 * Parses feed text (already decoded) into Herald's normalized feed: JSON Feed 1.0/1.1 when the text is a JSON
 * object, otherwise RSS 0.9x/1.0/2.0 or Atom through rss-parser. Junk before the first `<` is ignored and bare
 * `&`s are repaired on a second attempt. `baseUrl` (where the feed came from) resolves relative links.
 *
 * This is the boundary of feed parsing: whatever goes wrong inside it (a stack overflow on a hostile document, a
 * bug in a reader) comes out as a FeedError of kind 'parse' of this feed, so the poller backs the feed off and
 * reports it like any other broken feed instead of failing the job.
 * @throws FeedError kind 'not-a-feed' (empty, HTML, or another kind of document) or 'parse' (broken feed)
 */
export async function parseFeed(text: string, baseUrl?: string): Promise<NormalizedFeed> {
  try {
    return await parseDocument(text, baseUrl);
  } catch (err) {
    if (err instanceof FeedError) throw err;
    throw new FeedError({ code: 'unreadable' }, `the feed could not be parsed: ${firstLine(err)}`, { cause: err });
  }
}

async function parseDocument(text: string, baseUrl: string | undefined): Promise<NormalizedFeed> {
  const trimmed = text.replace(/^[\ufeff\s]+/, '');
  if (trimmed === '') throw new FeedError({ code: 'not-a-feed', document: 'empty' }, 'the document is empty');
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, baseUrl);
  const start = trimmed.indexOf('<');
  if (start < 0) {
    throw new FeedError({ code: 'not-a-feed', document: 'text' }, 'the document is neither XML nor JSON');
  }
  const xml = trimmed.slice(start);
  if (HTML_PAGE.test(xml.slice(0, 4096))) {
    throw new FeedError({ code: 'not-a-feed', document: 'html' }, 'the document is an HTML page, not a feed');
  }
  if (nestsDeeperThan(xml, FEED_LIMITS.maxDepth)) {
    throw new FeedError(
      { code: 'too-deep', max: FEED_LIMITS.maxDepth },
      `feed nests elements more than ${FEED_LIMITS.maxDepth} levels deep`,
    );
  }
  return normalizeXmlFeed(await parseXml(xml), baseUrl);
}
