import Parser from 'rss-parser';

/** A feed as rss-parser returns it with Herald's custom fields: loosely typed xml2js values, read with xml-node. */
export type RawRecord = { [key: string]: unknown };

/** What {@link parseXmlFeed} gives back. */
export interface RawXmlFeed {
  feed: RawRecord;
  items: RawRecord[];
}

type Field = [string, string, { keepArray: boolean }];
const raw = (element: string): Field => [element, `raw:${element}`, { keepArray: true }];

/** Item elements kept raw (all occurrences, with attributes), so normalization sees what rss-parser flattens. */
const ITEM_FIELDS: Field[] = [
  '$',
  'title',
  'dc:title',
  'atom:link',
  'guid',
  'id',
  'content:encoded',
  'atom:content',
  'dc:description',
  'itunes:summary',
  'dc:creator',
  'dc:author',
  'author',
  'atom:author',
  'itunes:author',
  'category',
  'dc:subject',
  'atom:category',
  'enclosure',
  'media:content',
  'media:thumbnail',
  'media:group',
  'itunes:image',
  'pubDate',
  'dc:date',
  'atom:published',
  'issued',
  'atom:updated',
  'modified',
].map(raw);

const FEED_FIELDS: Field[] = ['$', 'title', 'dc:title', 'atom:link', 'language', 'dc:language'].map(raw);

/**
 * Elements renamed while parsing, to keep rss-parser's own handling away from them: it calls
 * `new Date(x).toISOString()` on Atom's `published`/`updated` (one bad date throws and fails the whole feed) and
 * reads `link.$.rel` on every Atom `link` (an attribute-less `<link>` throws). They get the names RSS uses for the
 * same Atom elements, and Herald reads them itself; an RSS `<link>` then sits beside `<atom:link>`, which the
 * readers handle alike (text or `href`).
 */
const RENAMED: Readonly<Record<string, string>> = {
  published: 'atom:published',
  updated: 'atom:updated',
  link: 'atom:link',
};

function createParser(): Parser<RawRecord, RawRecord> {
  return new Parser<RawRecord, RawRecord>({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [(name: string) => RENAMED[name] ?? name] },
    // rss-parser's typings allow [element, name, options] triples for items only; at run time feeds take them too.
    customFields: { feed: FEED_FIELDS as unknown as string[], item: ITEM_FIELDS },
  });
}

/**
 * Parses RSS 0.9x/1.0/2.0 or Atom text with rss-parser (xml2js on sax, which neither fetches external entities nor
 * expands DTD-declared ones). A new parser per call, because an xml2js parser keeps state between documents.
 */
export async function parseXmlFeed(xml: string): Promise<RawXmlFeed> {
  const output = (await createParser().parseString(xml)) as RawRecord & { items: RawRecord[] };
  const { items, ...feed } = output;
  return { feed, items: items ?? [] };
}

/** The raw (all occurrences) value of an element that {@link parseXmlFeed} kept. */
export function rawField(record: RawRecord, element: string): unknown {
  return record[`raw:${element}`];
}
