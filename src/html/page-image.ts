import { tokenizeHtml } from './tree.js';

/** A page's head is read at most this far (UTF-16 units of the decoded page): the image tags are near its top. */
export const MAX_HEAD_CHARS = 64 * 1024;
/** Longer image addresses are not used: Discord refuses URLs past 2,048 characters. */
const MAX_IMAGE_URL = 2048;

/** Meta tags naming the page's picture, best first: Open Graph, then Twitter's card. */
const IMAGE_META = ['og:image:secure_url', 'og:image:url', 'og:image', 'twitter:image', 'twitter:image:src'];

/**
 * The picture a page declares for link previews (`og:image`, else `twitter:image`), read from the page's head only:
 * the tags up to `</head>` or `<body>`, within the first {@link MAX_HEAD_CHARS}. Resolved against `pageUrl` (the
 * address after redirects); only an absolute http(s) URL of at most 2,048 characters is returned, never a `data:`,
 * `javascript:` or other scheme. Null when the page declares none.
 */
export function pageImageUrl(html: string, pageUrl: string): string | null {
  const found = new Map<string, string>();
  for (const token of tokenizeHtml(html.slice(0, MAX_HEAD_CHARS))) {
    if (token.kind === 'end' && token.name === 'head') break;
    if (token.kind !== 'start') continue;
    if (token.name === 'body') break;
    if (token.name !== 'meta') continue;
    const key = (token.attrs.get('property') ?? token.attrs.get('name') ?? '').trim().toLowerCase();
    const content = token.attrs.get('content');
    if (!IMAGE_META.includes(key) || content === undefined || found.has(key)) continue;
    const url = httpUrl(content, pageUrl);
    if (url) found.set(key, url);
  }
  for (const key of IMAGE_META) {
    const url = found.get(key);
    if (url) return url;
  }
  return null;
}

/** `ref` resolved against `base` when it is an absolute http(s) URL short enough to post, else null. */
function httpUrl(ref: string, base: string): string | null {
  const trimmed = ref.trim();
  if (!trimmed || trimmed.length > MAX_IMAGE_URL) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= MAX_IMAGE_URL ? url.href : null;
  } catch {
    return null;
  }
}
