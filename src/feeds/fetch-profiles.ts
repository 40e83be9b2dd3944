import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Fetch profiles: how Herald asks particular sites for their feeds. The operator writes them in a JSON file named by
 * `FEED_FETCH_PROFILES`; `FEED_PROXY_URL` is the default proxy. A profile may set a user agent, extra headers,
 * cookies and a proxy, per host (`example.com`, or `*.example.com` for its subdomains) and per feed URL.
 *
 * ```json
 * {
 *   "hosts": {
 *     "example.com": { "userAgent": "Mozilla/5.0 …", "headers": { "Accept-Language": "zh-TW" } },
 *     "*.example.org": { "proxy": "socks5://127.0.0.1:1080" }
 *   },
 *   "feeds": { "https://example.com/members.xml": { "cookies": { "session": "…" } } }
 * }
 * ```
 */

/** Proxy schemes Herald speaks (through undici's ProxyAgent, which tunnels https and speaks SOCKS5 itself). */
export const PROXY_PROTOCOLS: readonly string[] = ['http:', 'https:', 'socks5:'];

/** Largest profile file read. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Bounds of one file, so a typo cannot make every fetch carry megabytes of headers. */
const MAX_RULES = 1000;
const MAX_HEADERS = 32;
const MAX_VALUE = 4096;

/** Headers Herald sets itself or that would break the request; `user-agent` and `cookie` have their own fields. */
const RESERVED_HEADERS: ReadonlyMap<string, string> = new Map([
  ['user-agent', 'set it with "userAgent"'],
  ['cookie', 'set cookies with "cookies"'],
  ['host', 'Herald sets it from the URL'],
  ['content-length', 'Herald sends no body'],
  ['transfer-encoding', 'Herald sends no body'],
  ['connection', 'Herald manages its connections'],
  ['if-none-match', 'Herald sends it from the last poll'],
  ['if-modified-since', 'Herald sends it from the last poll'],
  ['proxy-authorization', 'put the credentials in the proxy URL'],
]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** A header or cookie value: printable, no line breaks (that would smuggle a header), bounded. */
const headerValue = z
  .string()
  .max(MAX_VALUE, { error: `expected at most ${MAX_VALUE} characters` })
  .refine((v) => !/[\r\n\0]/.test(v), { error: 'expected no line breaks' });

/** An http://, https:// or socks5:// proxy URL, or "direct" for no proxy. */
const proxy = z.string().refine(
  (v) => {
    if (v === 'direct') return true;
    try {
      const u = new URL(v);
      return PROXY_PROTOCOLS.includes(u.protocol) && u.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'expected an http://, https:// or socks5:// proxy URL, or "direct" for none' },
);

const rule = z.strictObject({
  userAgent: headerValue.min(1, { error: 'expected a user agent' }).optional(),
  headers: z
    .record(z.string(), headerValue)
    .superRefine((headers, ctx) => {
      const names = Object.keys(headers);
      if (names.length > MAX_HEADERS) ctx.addIssue({ code: 'custom', message: `expected at most ${MAX_HEADERS}` });
      for (const name of names) {
        const reserved = RESERVED_HEADERS.get(name.toLowerCase());
        if (!TOKEN.test(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'expected a header name (letters, digits, -)' });
        } else if (reserved) {
          ctx.addIssue({ code: 'custom', path: [name], message: `not allowed here: ${reserved}` });
        }
      }
    })
    .optional(),
  cookies: z
    .record(z.string(), headerValue)
    .superRefine((cookies, ctx) => {
      for (const [name, value] of Object.entries(cookies)) {
        if (!TOKEN.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'expected a cookie name' });
        if (/[;,\s"\\]/.test(value)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'expected a cookie value without ; , " \\ or spaces' });
        }
      }
    })
    .optional(),
  proxy: proxy.optional(),
});

const file = z
  .strictObject({
    hosts: z
      .record(z.string(), rule)
      .superRefine((hosts, ctx) => {
        for (const host of Object.keys(hosts)) {
          if (!HOST.test(host)) {
            ctx.addIssue({
              code: 'custom',
              path: [host],
              message: 'expected a lower-case host name such as example.com or *.example.com (no scheme, no port)',
            });
          }
        }
      })
      .optional(),
    feeds: z
      .record(z.string(), rule)
      .superRefine((feeds, ctx) => {
        for (const url of Object.keys(feeds)) {
          if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
            ctx.addIssue({ code: 'custom', path: [url], message: 'expected an http(s) feed URL' });
          }
        }
      })
      .optional(),
  })
  .refine((f) => Object.keys(f.hosts ?? {}).length + Object.keys(f.feeds ?? {}).length <= MAX_RULES, {
    error: `expected at most ${MAX_RULES} hosts and feeds`,
  });

/** One rule of the file, as written. */
export type FetchRule = z.infer<typeof rule>;

/** The profiles in force: the default proxy and the file's rules. */
export interface FetchProfiles {
  /** `FEED_PROXY_URL`, or null for direct connections. */
  defaultProxy: string | null;
  /** The file they came from, or null when `FEED_FETCH_PROFILES` is unset. */
  path: string | null;
  hosts: ReadonlyMap<string, FetchRule>;
  /** Keyed by {@link feedKey}. */
  feeds: ReadonlyMap<string, FetchRule>;
}

/** What one request is sent with. */
export interface FetchProfile {
  /** Null: Herald's own user agent. */
  userAgent: string | null;
  /** Extra headers, names in lower case. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** The proxy URL, or null for a direct connection. */
  proxy: string | null;
  /** Where each part came from, most general first: `FEED_PROXY_URL`, `hosts["*.example.com"]`, `feeds["…"]`. */
  sources: string[];
}

/** A profile file that cannot be used; `problems` holds one line per bad entry, each naming the file. */
export class FetchProfilesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'FetchProfilesError';
  }
}

/** No profile: direct connections, Herald's headers. */
export const NO_PROFILES: FetchProfiles = { defaultProxy: null, path: null, hosts: new Map(), feeds: new Map() };

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/**
 * Reads and validates the profile file at `path` (unset: none) under the default proxy `defaultProxy`.
 * @throws FetchProfilesError naming the file and each bad entry
 */
export function loadFetchProfiles(path: string | undefined, defaultProxy: string | undefined): FetchProfiles {
  if (path === undefined) return { ...NO_PROFILES, defaultProxy: defaultProxy ?? null };
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_FILE_BYTES) throw new FetchProfilesError([`${path}: larger than 1 MiB`]);
    text = bytes.toString('utf8');
  } catch (err) {
    if (err instanceof FetchProfilesError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new FetchProfilesError([`${path}: cannot be read (${code ?? (err as Error).message})`]);
  }
  return parseFetchProfiles(text, path, defaultProxy);
}

/**
 * Validates the text of a profile file; `path` names it in errors.
 * @throws FetchProfilesError
 */
export function parseFetchProfiles(text: string, path: string, defaultProxy: string | undefined): FetchProfiles {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FetchProfilesError([`${path}: not valid JSON (${(err as Error).message})`]);
  }
  const parsed = file.safeParse(json);
  if (!parsed.success) {
    // Values are never echoed: they may be cookies or credentials.
    throw new FetchProfilesError(
      parsed.error.issues.map((i) => `${path}: ${i.path.length > 0 ? `${pathText(i.path)}: ` : ''}${i.message}`),
    );
  }
  const feeds = new Map<string, FetchRule>();
  for (const [url, r] of Object.entries(parsed.data.feeds ?? {})) feeds.set(feedKey(url), r);
  return { defaultProxy: defaultProxy ?? null, path, hosts: new Map(Object.entries(parsed.data.hosts ?? {})), feeds };
}

/** A feed URL as profiles match it: parsed and re-serialized, without its fragment. */
export function feedKey(url: string | URL): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/**
 * The profile for one request to `url`. Rules apply from the most general to the most specific, each overriding the
 * fields it sets (headers and cookies merge name by name): `FEED_PROXY_URL`, then the `*.` host patterns that match
 * (shorter first), then the exact host, then the feed URL. A feed rule also applies to a redirect to another URL on
 * the same host as the feed (`feedUrl`), never to another host, so its cookies stay with that site.
 */
export function profileFor(profiles: FetchProfiles, url: string | URL, feedUrl: string | URL = url): FetchProfile {
  const target = new URL(url);
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const profile: FetchProfile = {
    userAgent: null,
    headers: {},
    cookies: {},
    proxy: profiles.defaultProxy,
    sources: profiles.defaultProxy ? ['FEED_PROXY_URL'] : [],
  };
  const apply = (source: string, r: FetchRule) => {
    profile.sources.push(source);
    if (r.userAgent !== undefined) profile.userAgent = r.userAgent;
    for (const [name, value] of Object.entries(r.headers ?? {})) profile.headers[name.toLowerCase()] = value;
    Object.assign(profile.cookies, r.cookies);
    if (r.proxy !== undefined) profile.proxy = r.proxy === 'direct' ? null : r.proxy;
  };
  const wildcards = [...profiles.hosts.keys()]
    .filter((k) => k.startsWith('*.') && host.endsWith(k.slice(1)))
    .sort((a, b) => a.length - b.length);
  for (const k of wildcards) apply(`hosts[${JSON.stringify(k)}]`, profiles.hosts.get(k)!);
  const exact = profiles.hosts.get(host);
  if (exact) apply(`hosts[${JSON.stringify(host)}]`, exact);
  const feed = new URL(feedUrl);
  const candidates = feed.hostname.toLowerCase() === target.hostname.toLowerCase() ? [feedKey(feed)] : [];
  if (feedKey(target) !== candidates[0]) candidates.push(feedKey(target));
  for (const key of candidates) {
    const r = profiles.feeds.get(key);
    if (r) {
      apply(`feeds[${JSON.stringify(key)}]`, r);
      break;
    }
  }
  return profile;
}

/** The `cookie` header of a profile, or null when it has none. */
export function cookieHeader(profile: FetchProfile): string | null {
  const pairs = Object.entries(profile.cookies).map(([name, value]) => `${name}=${value}`);
  return pairs.length > 0 ? pairs.join('; ') : null;
}

/** Headers whose values are shown by {@link describeProfile}; every other value may be a secret. */
const SHOWN_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'cache-control',
  'origin',
  'pragma',
  'referer',
]);

/** A proxy URL with its user name and password hidden. */
export function redactProxy(url: string): string {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return u.href;
  u.username = '***';
  u.password = '';
  return u.href;
}

/**
 * A profile as the operator may see it in a terminal or a log: the proxy without credentials, cookie names without
 * values, header values only for harmless headers.
 */
export function describeProfile(profile: FetchProfile, defaultUserAgent: string): Record<string, unknown> {
  return {
    userAgent: profile.userAgent ?? defaultUserAgent,
    proxy: profile.proxy === null ? 'direct' : redactProxy(profile.proxy),
    headers: Object.fromEntries(
      Object.entries(profile.headers).map(([name, value]) => [name, SHOWN_HEADERS.has(name) ? value : '(hidden)']),
    ),
    cookies: Object.keys(profile.cookies),
    from: profile.sources,
  };
}
