import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A static response the fake serves for one path. */
export interface FakeFeed {
  body: string | Buffer;
  contentType: string;
  status?: number;
  headers?: Record<string, string>;
  /** Compress with gzip when the client accepts it (default true), as most servers are configured to. */
  gzip?: boolean;
}

/** One RSS 2.0 item for {@link FeedServer.setRss}. */
export interface FakeRssItem {
  guid?: string;
  title?: string;
  link?: string;
  pubDate?: string;
  description?: string;
  contentEncoded?: string;
}

/** What the fake saw of one request. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A custom responder, for behaviour a static body cannot show (trickling, streaming, bombs). */
export type FakeHandler = (req: IncomingMessage, res: ServerResponse) => void;

type Route =
  | { kind: 'static'; feed: FakeFeed; body: Buffer; gzipped: Buffer | null; etag: string }
  | { kind: 'redirect'; to: string; status: number }
  | { kind: 'handler'; handler: FakeHandler };

/** A feed server on 127.0.0.1 that a test scripts and inspects. */
export interface FeedServer {
  readonly requests: RecordedRequest[];
  setFeed(path: string, feed: FakeFeed): void;
  setRss(path: string, rss: { title: string; link: string; items: FakeRssItem[] }): void;
  redirect(path: string, to: string, status?: number): void;
  setHandler(path: string, handler: FakeHandler): void;
  url(path: string): string;
  close(): Promise<void>;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function tag(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

/** Renders a minimal, valid RSS 2.0 document. */
export function renderRss(rss: { title: string; link: string; items: FakeRssItem[] }): string {
  const items = rss.items.map(
    (i) =>
      `<item>${tag('guid', i.guid)}${tag('title', i.title)}${tag('link', i.link)}${tag('pubDate', i.pubDate)}` +
      `${tag('description', i.description)}${tag('content:encoded', i.contentEncoded)}</item>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>' +
    `${tag('title', rss.title)}${tag('link', rss.link)}${items.join('')}</channel></rss>`
  );
}

/** True when an If-None-Match header matches `etag` (weak comparison, as RFC 9110 asks for GET). */
function matchesEtag(header: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since against Last-Modified. */
function notModified(req: IncomingMessage, etag: string, lastModified: string | undefined): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) return matchesEtag(ifNoneMatch, etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return lastModified !== undefined && !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

function serveStatic(route: Extract<Route, { kind: 'static' }>, req: IncomingMessage, res: ServerResponse): void {
  const { feed } = route;
  const status = feed.status ?? 200;
  const headers: Record<string, string> = { 'content-type': feed.contentType, etag: route.etag, ...feed.headers };
  if (status === 200 && notModified(req, route.etag, headers['last-modified'])) {
    res.writeHead(304, { etag: route.etag });
    res.end();
    return;
  }
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = acceptsGzip && route.gzipped ? route.gzipped : route.body;
  if (body === route.gzipped) headers['content-encoding'] = 'gzip';
  headers.vary = 'Accept-Encoding';
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Starts a fake feed server on 127.0.0.1 on a random port. */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } else if (route.kind === 'redirect') {
      res.writeHead(route.status, { location: route.to, 'content-type': 'text/plain' });
      res.end(`moved to ${route.to}`);
    } else if (route.kind === 'handler') {
      route.handler(req, res);
    } else {
      serveStatic(route, req, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const setFeed = (path: string, feed: FakeFeed): void => {
    const body = Buffer.isBuffer(feed.body) ? feed.body : Buffer.from(feed.body, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    const gzipped = feed.gzip === false || body.length === 0 ? null : gzipSync(body);
    routes.set(path, { kind: 'static', feed, body, gzipped, etag });
  };
  return {
    requests,
    setFeed,
    setRss: (path, rss) => setFeed(path, { body: renderRss(rss), contentType: 'application/rss+xml; charset=utf-8' }),
    redirect: (path, to, status = 302) => routes.set(path, { kind: 'redirect', to, status }),
    setHandler: (path, handler) => routes.set(path, { kind: 'handler', handler }),
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
