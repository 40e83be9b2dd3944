import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { type FetchFeedOptions, fetchFeed, USER_AGENT } from '../../../src/feeds/fetch.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';

const OPTS: FetchFeedOptions = { allowPrivate: true, timeoutMs: 5_000, connectTimeoutMs: 1_000 };
const MB = 1024 * 1024;

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await server.close();
});

async function fetchError(url: string, opts: FetchFeedOptions = OPTS): Promise<FeedError> {
  const err = await fetchFeed(url, opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedError);
  return err as FeedError;
}

/** Writes `chunk` `times` times, honouring backpressure, stopping when the client goes away; resolves bytes sent. */
async function writeRepeated(res: ServerResponse, chunk: Buffer, times: number): Promise<number> {
  let sent = 0;
  for (let i = 0; i < times && !res.destroyed; i++) {
    sent += chunk.length;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
  return sent;
}

/** One gzip member holding `mb` MiB of zeros, built in pieces so the test never holds the inflated bytes. */
async function gzipOfZeros(mb: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MB);
  for (let i = 0; i < mb; i++) gzip.write(zeros);
  gzip.end();
  await done;
  return Buffer.concat(out);
}

describe('fetchFeed', () => {
  it('returns the decompressed body with its validators and identifies itself', async () => {
    server.setRss('/feed', { title: 'T', link: 'https://example.org/', items: [{ guid: '1', title: 'One' }] });
    const res = await fetchFeed(server.url('/feed'), OPTS);
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    expect(res.body.toString('utf8')).toContain('<title>One</title>');
    expect(res.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(res.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.finalUrl).toBe(server.url('/feed'));
    const seen = server.requests[0]?.headers;
    expect(seen?.['user-agent']).toBe(USER_AGENT);
    expect(seen?.['accept-encoding']).toContain('gzip');
  });

  it('sends If-None-Match and reports not-modified on 304', async () => {
    server.setRss('/feed', { title: 'T', link: 'https://example.org/', items: [] });
    const first = await fetchFeed(server.url('/feed'), OPTS);
    if (first.status !== 'ok') throw new Error('expected a body');
    const second = await fetchFeed(server.url('/feed'), {
      ...OPTS,
      etag: first.etag,
      lastModified: 'Wed, 01 May 2024 00:00:00 GMT',
    });
    expect(second).toEqual({ status: 'not-modified' });
    expect(server.requests[1]?.headers['if-none-match']).toBe(first.etag);
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Wed, 01 May 2024 00:00:00 GMT');
  });

  it('sends If-Modified-Since and reports not-modified when the server has only Last-Modified', async () => {
    const lastModified = 'Wed, 01 May 2024 00:00:00 GMT';
    server.setFeed('/dated', { body: '<rss/>', contentType: 'text/xml', headers: { 'last-modified': lastModified } });
    const first = await fetchFeed(server.url('/dated'), OPTS);
    expect(first.status === 'ok' && first.lastModified).toBe(lastModified);
    expect(await fetchFeed(server.url('/dated'), { ...OPTS, lastModified })).toEqual({ status: 'not-modified' });
  });

  it('follows five redirects and reports the final URL', async () => {
    server.setRss('/feed', { title: 'T', link: 'https://example.org/', items: [] });
    for (let i = 0; i < 5; i++) server.redirect(`/r${i}`, i === 4 ? '/feed' : `/r${i + 1}`);
    const res = await fetchFeed(server.url('/r0'), OPTS);
    expect(res.status === 'ok' && res.finalUrl).toBe(server.url('/feed'));
  });

  it('gives up after a sixth redirect', async () => {
    server.setRss('/feed', { title: 'T', link: 'https://example.org/', items: [] });
    for (let i = 0; i < 6; i++) server.redirect(`/r${i}`, i === 5 ? '/feed' : `/r${i + 1}`);
    const err = await fetchError(server.url('/r0'));
    expect(err.kind).toBe('http');
    expect(err.message).toMatch(/too many redirects/);
    expect(server.requests.map((r) => r.path)).not.toContain('/feed');
  });

  it('ends a redirect loop as a classified failure after six requests', async () => {
    server.redirect('/loop-a', '/loop-b');
    server.redirect('/loop-b', '/loop-a');
    const err = await fetchError(server.url('/loop-a'));
    expect(err.kind).toBe('http');
    expect(err.permanent).toBe(false);
    expect(err.message).toMatch(/too many redirects/);
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a redirect to the cloud metadata address before connecting, even with allowPrivate', async () => {
    server.redirect('/meta', 'http://169.254.169.254/latest/meta-data/');
    // A connection attempt would end in 'timeout' or 'network'; only the per-hop check gives 'refused'.
    const err = await fetchError(server.url('/meta'), { ...OPTS, connectTimeoutMs: 200 });
    expect(err.kind).toBe('refused');
    expect(err.permanent).toBe(true);
  });

  it('refuses a loopback feed when private addresses are not allowed', async () => {
    server.setRss('/feed', { title: 'T', link: 'https://example.org/', items: [] });
    const err = await fetchError(server.url('/feed'), { ...OPTS, allowPrivate: false });
    expect(err.kind).toBe('refused');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a host name that resolves to loopback, checked on the resolved address', async () => {
    server.setRss('/feed', { title: 'T', link: 'https://example.org/', items: [] });
    const err = await fetchError(server.url('/feed').replace('127.0.0.1', 'localhost'), {
      ...OPTS,
      allowPrivate: false,
    });
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/resolves to/);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a declared 50 MB body without reading it', async () => {
    server.setFeed('/big', { body: Buffer.alloc(50 * MB, 0x20), contentType: 'application/rss+xml', gzip: false });
    const err = await fetchError(server.url('/big'));
    expect(err.kind).toBe('too-large');
  });

  it('stops reading a streamed 50 MB body at the cap', async () => {
    let sent: Promise<number> = Promise.resolve(0);
    server.setHandler('/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      sent = writeRepeated(res, Buffer.alloc(64 * 1024, 0x20), 800);
    });
    const err = await fetchError(server.url('/stream'));
    expect(err.kind).toBe('too-large');
    expect(err.permanent).toBe(false);
    // The server stopped well short of 50 MB: the client hung up instead of buffering everything.
    expect(await sent).toBeLessThan(30 * MB);
  });

  it('stops inflating a gzip bomb at the cap', { timeout: 15_000 }, async () => {
    const member = await gzipOfZeros(64);
    server.setHandler('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      // 32 gzip members of 64 MiB each: 2 GiB inflated from about 2 MB on the wire.
      void writeRepeated(res, member, 32);
    });
    const err = await fetchError(server.url('/bomb'), { ...OPTS, maxBytes: 10 * MB });
    expect(err.kind).toBe('too-large');
  });

  it('times out a server that trickles its body', async () => {
    server.setHandler('/slow', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const err = await fetchError(server.url('/slow'), { ...OPTS, timeoutMs: 400 });
    expect(err.kind).toBe('timeout');
    expect(err.problem).toEqual({ code: 'timeout' });
    expect(err.permanent).toBe(false);
  });

  it('treats 404 and 410 as permanent', async () => {
    server.setFeed('/gone', { body: 'gone', contentType: 'text/plain', status: 410 });
    const missing = await fetchError(server.url('/missing'));
    expect([missing.kind, missing.status, missing.permanent]).toEqual(['http', 404, true]);
    // What a reply in any language is written from.
    expect(missing.problem).toEqual({
      code: 'http-status',
      status: 404,
      statusText: 'Not Found',
      host: new URL(server.url('/')).host,
    });
    const gone = await fetchError(server.url('/gone'));
    expect([gone.kind, gone.status, gone.permanent]).toEqual(['http', 410, true]);
  });

  it('treats 503 with Retry-After as transient and reports the wait', async () => {
    server.setFeed('/busy', {
      body: 'busy',
      contentType: 'text/plain',
      status: 503,
      headers: { 'retry-after': '120' },
    });
    const err = await fetchError(server.url('/busy'));
    expect([err.kind, err.status, err.permanent, err.retryAfterSeconds]).toEqual(['http', 503, false, 120]);
  });

  it('reads a Retry-After date on 429', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    server.setFeed('/limited', { body: '', contentType: 'text/plain', status: 429, headers: { 'retry-after': at } });
    const err = await fetchError(server.url('/limited'));
    expect(err.status).toBe(429);
    expect(err.permanent).toBe(false);
    expect(err.retryAfterSeconds).toBeGreaterThan(80);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it('reports a refused connection as a transient network error', async () => {
    const url = server.url('/feed');
    await server.close();
    server = await startFeedServer();
    const err = await fetchError(url);
    expect(err.kind).toBe('network');
    expect(err.permanent).toBe(false);
    expect(err.message).not.toContain('\n');
  });
});
