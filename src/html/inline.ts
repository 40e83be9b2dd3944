import { decodeEntities } from './entities.js';

const TAG = /<\/?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>/g;

/** One line of text from a title-like field: tags stripped, entities decoded, all whitespace collapsed. */
export function inlineText(value: string): string {
  return decodeEntities(value.replace(/<!--[\s\S]*?-->/g, '').replace(TAG, ''))
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();
}

/** The `src` of the first `<img>` in some HTML, entity-decoded, or null. */
export function firstImageSrc(html: string): string | null {
  const match = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(html);
  const src = match?.[1] ?? match?.[2] ?? match?.[3];
  return src?.trim() ? decodeEntities(src.trim()) : null;
}
