import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/feeds/errors.js';
import { fetchFeed, USER_AGENT } from '../../../src/feeds/fetch.js';
import { type FetchProfiles, parseFetchProfiles } from '../../../src/feeds/fetch-profiles.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';

/**
 * A forward proxy in a few lines: absolute-form requests (`GET http://host/path`) are relayed, CONNECT opens a tunnel.
 * It records what it was asked for, so a test sees whether a fetch went through it.
 */
interface TestProxy {
  url: string;
  seen: Array<{ method: string; target: string; auth: string | undefined }>;
  close(): Promise<void>;
}

async function startProxy(): Promise<TestProxy> {
  const seen: TestProxy['seen'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://proxyuser:s3cret-pass@127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A SOCKS5 server in a few lines (RFC 1928, with RFC 1929 user/password): greeting, CONNECT to a name or an IPv4
 * address, then a pipe. It records each target and the user name it was given.
 */
async function startSocks5(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' = 'greeting';
    let user = '';
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting' && buffer.length >= 2 && buffer.length >= 2 + (buffer[1] ?? 0)) {
        const methods = buffer.subarray(2, 2 + (buffer[1] ?? 0));
        buffer = buffer.subarray(2 + (buffer[1] ?? 0));
        const auth = methods.includes(2);
        client.write(Buffer.from([5, auth ? 2 : 0]));
        stage = auth ? 'auth' : 'request';
      }
      if (stage === 'auth' && buffer.length >= 2) {
        const ulen = buffer[1] ?? 0;
        const plen = buffer[2 + ulen];
        if (plen === undefined || buffer.length < 3 + ulen + plen) return;
        user = buffer.subarray(2, 2 + ulen).toString();
        buffer = buffer.subarray(3 + ulen + plen);
        client.write(Buffer.from([1, 0]));
        stage = 'request';
      }
      if (stage === 'request' && buffer.length >= 5) {
        const atyp = buffer[3];
        let host: string;
        let end: number;
        if (atyp === 1) {
          end = 8;
          host = [...buffer.subarray(4, 8)].join('.');
        } else if (atyp === 3) {
          end = 5 + (buffer[4] ?? 0);
          host = buffer.subarray(5, end).toString();
        } else {
          client.destroy();
          return;
        }
        if (buffer.length < end + 2) return;
        const port = buffer.readUInt16BE(end);
        client.off('data', onData);
        seen.push(`${user}@${host}:${port}`);
        const upstream = connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
          const rest = buffer.subarray(end + 2);
          if (rest.length > 0) upstream.write(rest);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `socks5://herald:s3cret-pass@127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const RSS = { title: 'Proxied', link: 'https://example.org/', items: [{ guid: 'a', title: 'A' }] };

let feeds: FeedServer;
let proxy: TestProxy;
beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.setRss('/feed', RSS);
  feeds.redirect('/moved', '/feed');
  proxy = await startProxy();
});
afterAll(async () => {
  await feeds.close();
  await proxy.close();
});
beforeEach(() => {
  feeds.requests.length = 0;
  proxy.seen.length = 0;
});

const profiles = (json: unknown, defaultProxy?: string): FetchProfiles =>
  parseFetchProfiles(JSON.stringify(json), 'profiles.json', defaultProxy);

async function failure(promise: Promise<unknown>): Promise<FeedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedError);
  return err as FeedError;
}

describe('fetching through a proxy', () => {
  it('sends the feed request through FEED_PROXY_URL, with the proxy credentials only to the proxy', async () => {
    const url = feeds.url('/feed');
    const res = await fetchFeed(url, { allowPrivate: true, profiles: profiles({}, proxy.url) });
    expect(res.status).toBe('ok');
    expect(proxy.seen).toEqual([
      { method: 'GET', target: url, auth: `Basic ${Buffer.from('proxyuser:s3cret-pass').toString('base64')}` },
    ]);
    expect(feeds.requests).toHaveLength(1);
    expect(feeds.requests[0]?.headers['proxy-authorization']).toBeUndefined();
    expect(feeds.requests[0]?.headers['user-agent']).toBe(USER_AGENT);
  });

  it('still refuses a loopback target asked of the proxy when private addresses are not allowed', async () => {
    // The proxy itself is on 127.0.0.1 and is allowed; the name of the target resolves to loopback and is not.
    const port = new URL(feeds.url('/feed')).port;
    const err = await failure(
      fetchFeed(`http://localhost:${port}/feed`, { allowPrivate: false, profiles: profiles({}, proxy.url) }),
    );
    expect(err.kind).toBe('refused');
    expect(err.problem).toEqual({ code: 'private-address', host: 'localhost' });
    expect(proxy.seen).toEqual([]);
    expect(feeds.requests).toEqual([]);
  });

  it('goes direct for a host whose profile says "direct", through its own proxy for another', async () => {
    const set = profiles(
      {
        hosts: {
          '127.0.0.1': { proxy: 'direct' },
          localhost: { proxy: proxy.url.replace('proxyuser:s3cret-pass@', '') },
        },
      },
      'http://127.0.0.1:9',
    );
    expect((await fetchFeed(feeds.url('/feed'), { allowPrivate: true, profiles: set })).status).toBe('ok');
    expect(proxy.seen).toEqual([]);
    const port = new URL(feeds.url('/feed')).port;
    const viaName = `http://localhost:${port}/feed`;
    expect((await fetchFeed(viaName, { allowPrivate: true, profiles: set })).status).toBe('ok');
    expect(proxy.seen).toEqual([{ method: 'GET', target: viaName, auth: undefined }]);
  });

  it('never puts the proxy password in an error', async () => {
    const dead = 'http://proxyuser:s3cret-pass@127.0.0.1:9';
    const err = await failure(fetchFeed(feeds.url('/feed'), { allowPrivate: true, profiles: profiles({}, dead) }));
    expect(err.kind).toBe('network');
    expect(`${err.message} ${JSON.stringify(err.problem)}`).not.toContain('s3cret-pass');
  });
});

describe('fetching through a SOCKS5 proxy', () => {
  it('carries the request, and the guard still refuses a loopback name asked of it', async () => {
    const socks = await startSocks5();
    try {
      const port = new URL(feeds.url('/feed')).port;
      const set = profiles({ hosts: { localhost: { proxy: socks.url } } });
      const res = await fetchFeed(`http://localhost:${port}/feed`, { allowPrivate: true, profiles: set });
      expect(res.status).toBe('ok');
      expect(socks.seen).toEqual([`herald@localhost:${port}`]);
      expect(feeds.requests).toHaveLength(1);

      const err = await failure(fetchFeed(`http://localhost:${port}/feed`, { allowPrivate: false, profiles: set }));
      expect(err.problem).toEqual({ code: 'private-address', host: 'localhost' });
      expect(socks.seen).toHaveLength(1);
    } finally {
      await socks.close();
    }
  });
});

describe('fetch profiles on the request', () => {
  it('sends the user agent, headers and cookies of the host and feed rules', async () => {
    const url = feeds.url('/feed');
    const set = profiles({
      hosts: { '127.0.0.1': { userAgent: 'Mozilla/5.0 (Herald test)', headers: { 'Accept-Language': 'zh-TW' } } },
      feeds: { [url]: { cookies: { session: 'abc123', consent: 'yes' } } },
    });
    await fetchFeed(url, { allowPrivate: true, profiles: set });
    const headers = feeds.requests[0]?.headers ?? {};
    expect(headers['user-agent']).toBe('Mozilla/5.0 (Herald test)');
    expect(headers['accept-language']).toBe('zh-TW');
    expect(headers.cookie).toBe('session=abc123; consent=yes');
  });

  it("keeps a feed's cookies on its host: a redirect to another host does not carry them", async () => {
    const port = new URL(feeds.url('/feed')).port;
    feeds.redirect('/away', `http://localhost:${port}/feed`);
    const url = feeds.url('/away');
    const set = profiles({ feeds: { [url]: { cookies: { session: 'abc123' } } } });
    const res = await fetchFeed(url, { allowPrivate: true, profiles: set });
    expect(res.status).toBe('ok');
    expect(feeds.requests.map((r) => [r.path, r.headers.cookie])).toEqual([
      ['/away', 'session=abc123'],
      ['/feed', undefined],
    ]);
  });

  it('carries the feed rule to a redirect on the same host', async () => {
    const url = feeds.url('/moved');
    const set = profiles({ feeds: { [url]: { cookies: { session: 'abc123' } } } });
    await fetchFeed(url, { allowPrivate: true, profiles: set });
    expect(feeds.requests.map((r) => r.headers.cookie)).toEqual(['session=abc123', 'session=abc123']);
  });
});
