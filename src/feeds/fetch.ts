import { createHash } from 'node:crypto';
import { Agent, type Dispatcher, fetch, ProxyAgent, type Response } from 'undici';
import { FeedError } from './errors.js';
import { cookieHeader, type FetchProfile, type FetchProfiles, NO_PROFILES, profileFor } from './fetch-profiles.js';
import { checkProxiedTarget, checkUrl, createGuardedLookup } from './guard.js';
import { discardBody, readBodyPrefix, readCappedBody, readHead } from './read-body.js';

/** Options for {@link fetchFeed}. */
export interface FetchFeedOptions {
  /** Allow private, loopback and link-local addresses (`FEED_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  /** Budget for the whole fetch, redirects and body included. */
  timeoutMs?: number;
  /** Budget for opening each TCP (and TLS) connection. */
  connectTimeoutMs?: number;
  /** Largest body accepted, counted after decompression. */
  maxBytes?: number;
  /**
   * Read only the start of an HTML page: stop at its `</head>` or after `maxBytes`, whichever comes first, without
   * failing for size (see `readHead`).
   */
  headOnly?: boolean;
  /** Validators from the previous successful fetch, for a conditional request. */
  etag?: string | null;
  lastModified?: string | null;
  /** The operator's fetch profiles (`FEED_FETCH_PROFILES`, `FEED_PROXY_URL`): user agent, headers, cookies, proxy. */
  profiles?: FetchProfiles;
}

/** What {@link fetchFeed} returns: either the server said nothing changed, or the body and its validators. */
export type FetchFeedResult =
  | { status: 'not-modified' }
  | {
      status: 'ok';
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** The URL after redirects; the base for relative links. */
      finalUrl: string;
      /** sha256 (hex) of the body, to skip re-parsing an unchanged feed. */
      bodyHash: string;
      /** The `Link` header, where a feed may name its WebSub hub and `self` URL. */
      link: string | null;
    };

/** Defaults for the optional {@link FetchFeedOptions}. */
export const FETCH_DEFAULTS = { timeoutMs: 30_000, connectTimeoutMs: 10_000, maxBytes: 10 * 1024 * 1024 } as const;

/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;

/** The User-Agent Herald sends to feed servers. */
export const USER_AGENT = 'Herald/0.1 (+https://github.com/herald-bot/herald)';

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a feed over HTTP(S) under the address guard: every hop's URL is checked before connecting and every
 * resolved address when connecting; at most {@link MAX_REDIRECTS} redirects; a total and a connect timeout; a
 * body cap enforced while streaming. Sends conditional headers from `etag`/`lastModified`, and each hop's fetch profile
 * (user agent, headers, cookies; a hop through a proxy has its target's resolved addresses checked before the proxy is
 * asked, since the proxy connects, not Herald). A 403/503 bot challenge is its own kind, 'blocked'.
 * @throws FeedError of kind 'network' | 'timeout' | 'http' | 'blocked' | 'too-large' | 'refused'
 */
export async function fetchFeed(url: string, opts: FetchFeedOptions): Promise<FetchFeedResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const connectTimeoutMs = opts.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const guard = { allowPrivate: opts.allowPrivate };
  const profiles = opts.profiles ?? NO_PROFILES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // The hop that failed, for an unreachable host: after a redirect it is not the one asked for.
  let host = URL.canParse(url) ? new URL(url).host : url;
  try {
    let current = checkUrl(url, guard);
    for (let hop = 0; ; hop++) {
      const profile = profileFor(profiles, current, url);
      let dispatcher: Dispatcher;
      if (profile.proxy === null) {
        dispatcher = sharedAgent(guard.allowPrivate, connectTimeoutMs, timeoutMs);
      } else {
        await checkProxiedTarget(current, guard, controller.signal);
        dispatcher = proxyAgent(profile.proxy, connectTimeoutMs, timeoutMs);
      }
      const res = await fetch(current, {
        headers: requestHeaders(opts, profile),
        redirect: 'manual',
        signal: controller.signal,
        dispatcher,
      });
      const location = res.headers.get('location');
      if (REDIRECTS.has(res.status) && location) {
        await discardBody(res);
        if (hop >= MAX_REDIRECTS) {
          throw new FeedError(
            { code: 'too-many-redirects', max: MAX_REDIRECTS },
            `too many redirects (more than ${MAX_REDIRECTS})`,
            { status: res.status },
          );
        }
        current = checkUrl(new URL(location, current), guard);
        host = current.host;
        continue;
      }
      if (res.status === 304) {
        await discardBody(res);
        return { status: 'not-modified' };
      }
      if (res.status < 200 || res.status > 299) {
        const challenge = await isBotChallenge(res);
        // A body read to look for a challenge page is already consumed.
        if (!res.bodyUsed) await discardBody(res);
        throw challenge ? blockedError(res, current) : httpError(res, current);
      }
      const body = opts.headOnly ? await readHead(res, maxBytes) : await readCappedBody(res, maxBytes);
      return {
        status: 'ok',
        body,
        contentType: res.headers.get('content-type'),
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
        finalUrl: current.href,
        bodyHash: createHash('sha256').update(body).digest('hex'),
        link: res.headers.get('link'),
      };
    }
  } catch (err) {
    throw scrubProxyCredentials(toFeedError(err, controller.signal.aborted, timeoutMs, host), profiles);
  } finally {
    clearTimeout(timer);
  }
}

const agents = new Map<string, Agent>();

/**
 * One keep-alive agent per guard setting and timeouts, shared by every fetch: polling thousands of feeds on a few
 * hosts reuses connections instead of opening one per poll. Every new connection still goes through the guarded
 * lookup, and a connection is only ever reused for the origin (and address) it was checked for.
 */
function sharedAgent(allowPrivate: boolean, connectTimeoutMs: number, timeoutMs: number): Agent {
  const key = `${allowPrivate}:${connectTimeoutMs}:${timeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: connectTimeoutMs, lookup: createGuardedLookup({ allowPrivate }) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 4_000,
      connections: 16,
    });
    agents.set(key, agent);
  }
  return agent;
}

const proxyAgents = new Map<string, ProxyAgent>();

/**
 * One keep-alive agent per proxy and timeouts. The connection to the proxy is not guarded: the operator chose the
 * proxy, and it often lives on a private address. What the proxy is asked to fetch was checked by
 * `checkProxiedTarget`. Plain http targets go to an http proxy in absolute form (`GET http://host/path`), as every
 * HTTP proxy understands; https targets through a CONNECT tunnel; a socks5:// proxy carries both.
 */
function proxyAgent(proxy: string, connectTimeoutMs: number, timeoutMs: number): ProxyAgent {
  const key = `${proxy}\n${connectTimeoutMs}:${timeoutMs}`;
  let agent = proxyAgents.get(key);
  if (!agent) {
    agent = new ProxyAgent({
      uri: proxy,
      proxyTunnel: false,
      // TLS options mean a TLS connection to the proxy itself: only for an https:// proxy (undici's SOCKS5 agent
      // would otherwise speak TLS to a SOCKS server).
      ...(proxy.startsWith('https:') ? { proxyTls: { timeout: connectTimeoutMs } } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 4_000,
      connections: 16,
    });
    proxyAgents.set(key, agent);
  }
  return agent;
}

function requestHeaders(opts: FetchFeedOptions, profile: FetchProfile): Record<string, string> {
  const headers: Record<string, string> = { ...profile.headers, 'user-agent': profile.userAgent ?? USER_AGENT };
  headers.accept ??= ACCEPT;
  const cookie = cookieHeader(profile);
  if (cookie) headers.cookie = cookie;
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  return headers;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function httpError(res: Response, url: URL): FeedError {
  const retryAfterSeconds =
    res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
  const reason = res.statusText ? ` ${res.statusText}` : '';
  return new FeedError(
    { code: 'http-status', status: res.status, statusText: res.statusText, host: url.host },
    `HTTP ${res.status}${reason} from ${url.host}`,
    { retryAfterSeconds },
  );
}

/** How much of a 403/503 body is read to recognize a challenge page. */
const CHALLENGE_SNIFF_BYTES = 32 * 1024;
const CHALLENGE_PAGE =
  /cdn-cgi\/challenge-platform|window\._cf_chl_opt|cf-browser-verification|<title>\s*(?:just a moment\.\.\.|attention required! \| cloudflare)\s*<\/title>/i;

/**
 * True for a 403 or 503 that is a bot challenge rather than an answer: Cloudflare says so in `cf-mitigated:
 * challenge`; otherwise the first 32 KiB of an HTML body are searched for the marks of its challenge page. Consumes
 * the body when it reads it.
 */
async function isBotChallenge(res: Response): Promise<boolean> {
  if (res.status !== 403 && res.status !== 503) return false;
  if (/\bchallenge\b/i.test(res.headers.get('cf-mitigated') ?? '')) return true;
  if (!/html/i.test(res.headers.get('content-type') ?? '')) return false;
  const head = await readBodyPrefix(res, CHALLENGE_SNIFF_BYTES);
  return CHALLENGE_PAGE.test(head.toString('latin1'));
}

function blockedError(res: Response, url: URL): FeedError {
  return new FeedError(
    { code: 'blocked', status: res.status, host: url.host },
    `HTTP ${res.status} from ${url.host}: a bot challenge (Cloudflare) blocked the request; a fetch profile or RSSHub may help`,
    { status: res.status },
  );
}

/**
 * A proxy's password never reaches a log or the store: any error text that quotes it (an agent's message, say) has
 * it replaced. The problem data holds only hosts, never credentials.
 */
function scrubProxyCredentials(err: FeedError, profiles: FetchProfiles): FeedError {
  const secrets = new Set<string>();
  const proxies = [
    profiles.defaultProxy,
    ...[...profiles.hosts.values(), ...profiles.feeds.values()].map((r) => r.proxy),
  ];
  for (const proxy of proxies) {
    if (!proxy || proxy === 'direct') continue;
    const u = new URL(proxy);
    for (const part of [u.password, decodeURIComponent(u.password)]) if (part.length >= 3) secrets.add(part);
  }
  if (![...secrets].some((s) => err.message.includes(s))) return err;
  let message = err.message;
  for (const secret of secrets) message = message.split(secret).join('***');
  return new FeedError(err.problem, message, { status: err.status, retryAfterSeconds: err.retryAfterSeconds });
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
  }
  return chain;
}

function toFeedError(err: unknown, aborted: boolean, timeoutMs: number, host: string): FeedError {
  const chain = causes(err);
  const known = chain.find((e): e is FeedError => e instanceof FeedError);
  if (known) return known;
  if (aborted) {
    return new FeedError({ code: 'timeout' }, `feed fetch took longer than ${timeoutMs} ms`, { cause: err });
  }
  const codes = chain.map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => TIMEOUT_CODES.has(c))) {
    return new FeedError({ code: 'timeout' }, `feed server timed out (${codes.join(', ')})`, { cause: err });
  }
  const last = chain[chain.length - 1];
  const detail = last instanceof Error ? last.message : String(last);
  return new FeedError({ code: 'unreachable', host }, `network error: ${detail.split('\n')[0]}`, { cause: err });
}
