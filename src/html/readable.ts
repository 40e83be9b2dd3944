import { Readability } from '@mozilla/readability';
import iconv from 'iconv-lite';
import { parseHTML } from 'linkedom';
import { decodeFeedBody, normalizeCharset } from '../text/decode.js';
import { articleText } from './article-text.js';

/** The main article of a web page, as clean text with paragraph breaks. */
export interface PageArticle {
  title: string;
  text: string;
}

/**
 * Decodes an HTML page: the HTTP charset when given, else a `<meta charset>` / `http-equiv` in the first 2 KB (as
 * browsers do), else UTF-8.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): string {
  if (contentType && /charset=/i.test(contentType)) return decodeFeedBody(bytes, contentType);
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  const charset = normalizeCharset(declared);
  return charset ? iconv.decode(Buffer.from(bytes), charset) : decodeFeedBody(bytes, contentType);
}

/**
 * Extracts the article of a page with Mozilla's Readability (the algorithm of Firefox's reader view) over a linkedom
 * DOM, then cleans its HTML like feed content (captions, share blocks and footers dropped). Null when the page has no
 * recognizable article. Readability never runs scripts, and linkedom loads nothing. It runs on the calling thread
 * without limits: for an untrusted page use `extractArticleOffThread`, which bounds its time, memory and input shape.
 */
export function extractArticle(html: string): PageArticle | null {
  const { document } = parseHTML(html);
  let parsed: ReturnType<Readability['parse']>;
  try {
    parsed = new Readability(document, { charThreshold: 200 }).parse();
  } catch {
    return null;
  }
  if (!parsed?.content) return null;
  const text = articleText(parsed.content);
  return text ? { title: (parsed.title ?? '').trim(), text } : null;
}
