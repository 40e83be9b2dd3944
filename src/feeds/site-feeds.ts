/**
 * Addresses that are not feeds but that Herald knows how to turn into one: `rsshub://<route>` (an RSSHub route, on the
 * operator's `RSSHUB_URL`), a YouTube channel, handle or playlist page, and a subreddit or Reddit user page.
 */

/** What an address given to `/feed add` stands for. */
export type SiteAddress =
  /** `rsshub://<route>`: the route, without leading slashes (may be empty: an error for the caller). */
  | { kind: 'rsshub'; route: string }
  /** A page whose feed address follows from the URL alone. */
  | { kind: 'feed'; url: string }
  /** A YouTube handle, custom or user page: the channel id must be read from the page. */
  | { kind: 'youtube-page'; url: string };

const YOUTUBE_HOSTS: ReadonlySet<string> = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);
const REDDIT_HOSTS: ReadonlySet<string> = new Set([
  'reddit.com',
  'www.reddit.com',
  'old.reddit.com',
  'new.reddit.com',
  'np.reddit.com',
  'm.reddit.com',
]);

const CHANNEL_ID = /^UC[\w-]{22}$/;
const SUBREDDIT = /^[A-Za-z0-9_]{2,21}(?:\+[A-Za-z0-9_]{2,21}){0,49}$/;
const LISTINGS: ReadonlySet<string> = new Set(['hot', 'new', 'top', 'rising', 'controversial']);

/** The feed of a YouTube channel. */
export function youtubeChannelFeed(channelId: string): string {
  return `https://www.youtube.com/feeds/videos.xml?channel_id=${channelId}`;
}

/** The feed address of an RSSHub route on the instance at `base` (`RSSHUB_URL`), or null when it is not a URL. */
export function rsshubFeedUrl(base: string, route: string): string | null {
  const url = `${base.replace(/\/+$/, '')}/${route}`;
  return URL.canParse(url) ? new URL(url).href : null;
}

/**
 * Recognizes an address Herald turns into a feed, or returns null for any other (a feed, a web page to search for
 * one). Feed addresses on these sites (`/feeds/videos.xml`, `.rss`) are left alone.
 */
export function recognizeSiteAddress(raw: string): SiteAddress | null {
  const text = raw.trim();
  const rsshub = /^rsshub:\/\/(.*)$/is.exec(text);
  if (rsshub) return { kind: 'rsshub', route: (rsshub[1] ?? '').replace(/^\/+/, '') };
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (YOUTUBE_HOSTS.has(host)) return youtube(url, segments);
  if (REDDIT_HOSTS.has(host)) return reddit(segments, url.search);
  return null;
}

function youtube(url: URL, segments: string[]): SiteAddress | null {
  const [first, second] = segments;
  if (first === undefined) return null;
  if (first === 'channel' && second !== undefined && CHANNEL_ID.test(second)) {
    return { kind: 'feed', url: youtubeChannelFeed(second) };
  }
  if (first === 'playlist') {
    const list = url.searchParams.get('list');
    if (list && /^[\w-]{2,64}$/.test(list)) {
      return { kind: 'feed', url: `https://www.youtube.com/feeds/videos.xml?playlist_id=${list}` };
    }
    return null;
  }
  // Path segments come percent-encoded from the URL parser.
  if (first.startsWith('@') && first.length > 1)
    return { kind: 'youtube-page', url: `https://www.youtube.com/${first}` };
  if ((first === 'c' || first === 'user') && second !== undefined) {
    return { kind: 'youtube-page', url: `https://www.youtube.com/${first}/${second}` };
  }
  return null;
}

function reddit(segments: string[], search: string): SiteAddress | null {
  const [first, name, listing, extra] = segments;
  if (name === undefined || name.endsWith('.rss') || segments.includes('.rss')) return null;
  if ((first === 'user' || first === 'u') && /^[\w-]{3,20}$/.test(name) && listing === undefined) {
    return { kind: 'feed', url: `https://www.reddit.com/user/${name}/.rss` };
  }
  if (first !== 'r' || !SUBREDDIT.test(name) || extra !== undefined) return null;
  if (listing === undefined) return { kind: 'feed', url: `https://www.reddit.com/r/${name}/.rss` };
  if (!LISTINGS.has(listing)) return null;
  // `top` and `controversial` keep their period (?t=week).
  const period = new URLSearchParams(search).get('t');
  const query = period && /^(hour|day|week|month|year|all)$/.test(period) ? `?t=${period}` : '';
  return { kind: 'feed', url: `https://www.reddit.com/r/${name}/${listing}/.rss${query}` };
}

const TAG = /<(link|meta)\b[^>]{0,2000}>/gi;
const ATTRIBUTE = /([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const CHANNEL_IN_URL = /\/channel\/(UC[\w-]{22})(?![\w-])/;
const CHANNEL_IN_FEED = /[?&]channel_id=(UC[\w-]{22})(?![\w-])/;
const EXTERNAL_ID = /"externalId"\s*:\s*"(UC[\w-]{22})"/;

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTRIBUTE)) {
    out.set((m[1] ?? '').toLowerCase(), (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&'));
  }
  return out;
}

/**
 * The channel id (`UC…`) of a saved YouTube channel page: from the page's own address (`<link rel="canonical">`,
 * `og:url`), its `<meta itemprop="channelId|identifier">`, its RSS `<link rel="alternate">`, or the page data's
 * `"externalId"` — the channel's own id, never one of the other channels a page links to. Null when none says.
 */
export function youtubeChannelIdFromPage(html: string): string | null {
  const found: Record<'canonical' | 'meta' | 'alternate', string | null> = {
    canonical: null,
    meta: null,
    alternate: null,
  };
  let tags = 0;
  for (const m of html.matchAll(TAG)) {
    if (++tags > 5000) break;
    const attrs = attributes(m[0]);
    const rel = attrs.get('rel')?.toLowerCase();
    const href = attrs.get('href') ?? '';
    const content = attrs.get('content') ?? '';
    if (m[1]?.toLowerCase() === 'link' && rel === 'canonical') {
      found.canonical ??= CHANNEL_IN_URL.exec(href)?.[1] ?? null;
    } else if (m[1]?.toLowerCase() === 'link' && rel === 'alternate') {
      found.alternate ??= CHANNEL_IN_FEED.exec(href)?.[1] ?? null;
    } else if (attrs.get('property') === 'og:url') {
      found.canonical ??= CHANNEL_IN_URL.exec(content)?.[1] ?? null;
    } else if (/^(channelid|identifier)$/i.test(attrs.get('itemprop') ?? '') && CHANNEL_ID.test(content)) {
      found.meta ??= content;
    }
  }
  return found.canonical ?? found.meta ?? found.alternate ?? EXTERNAL_ID.exec(html)?.[1] ?? null;
}
