import { firstImageSrc } from '../html/inline.js';
import { absoluteHttpUrl } from './links.js';
import { type RawRecord, rawField } from './xml-feed.js';
import { asArray, attrOf, childrenOf } from './xml-node.js';

const isImageType = (type: string | null): boolean => type?.trim().toLowerCase().startsWith('image/') ?? false;

function enclosureImages(item: RawRecord): (string | null)[] {
  const rss = asArray(rawField(item, 'enclosure')).filter((e) => isImageType(attrOf(e, 'type')));
  const atom = asArray(rawField(item, 'atom:link')).filter(
    (l) => attrOf(l, 'rel') === 'enclosure' && isImageType(attrOf(l, 'type')),
  );
  return [...rss.map((e) => attrOf(e, 'url')), ...atom.map((l) => attrOf(l, 'href'))];
}

function mediaContentImages(item: RawRecord): (string | null)[] {
  const groups = asArray(rawField(item, 'media:group'));
  const contents = [
    ...asArray(rawField(item, 'media:content')),
    ...groups.flatMap((g) => childrenOf(g, 'media:content')),
  ];
  return contents
    .filter((c) => attrOf(c, 'medium') === 'image' || isImageType(attrOf(c, 'type')))
    .map((c) => attrOf(c, 'url'));
}

function thumbnails(item: RawRecord): (string | null)[] {
  const groups = asArray(rawField(item, 'media:group'));
  return [
    ...asArray(rawField(item, 'media:thumbnail')),
    ...groups.flatMap((g) => childrenOf(g, 'media:thumbnail')),
  ].map((t) => attrOf(t, 'url'));
}

/**
 * The item's picture: an image enclosure, then an image `media:content`, then `media:thumbnail`, then
 * `itunes:image`, then the first `<img src>` of the content. Absolute http(s) URLs only.
 */
export function pickImageUrl(item: RawRecord, contentHtml: string, base: string | null): string | null {
  const candidates = [
    ...enclosureImages(item),
    ...mediaContentImages(item),
    ...thumbnails(item),
    ...asArray(rawField(item, 'itunes:image')).map((i) => attrOf(i, 'href')),
    firstImageSrc(contentHtml),
  ];
  for (const candidate of candidates) {
    const url = absoluteHttpUrl(candidate, base);
    if (url) return url;
  }
  return null;
}
