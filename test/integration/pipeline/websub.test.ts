import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttp } from '../../../src/app/http.js';
import { createWebSubHandler, type WebSubHandler } from '../../../src/app/websub-endpoint.js';
import type { Deps } from '../../../src/deps.js';
import { createLogger } from '../../../src/log.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { nextPollAt } from '../../../src/pipeline/poll/schedule.js';
import { maintainWebSub } from '../../../src/pipeline/websub/subscriptions.js';
import { createRedis } from '../../../src/queue/connection.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import type { WebSubRow } from '../../../src/store/store.js';
import tick from '../../../workers/tick.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';
import { metricTotal } from '../../support/metric-total.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const [sqlite] = databasesUnderTest();
const MINUTE = 60_000;
const GRANTED_LEASE = 3600;

/** What the local hub saw of one subscription request, and how its verification of intent went. */
interface HubCall {
  form: URLSearchParams;
  verification?: { status: number; body: string };
}

/**
 * A WebSub hub on 127.0.0.1, as the W3C recommendation describes one: it answers a subscription request with 202
 * and then verifies the subscriber's intent with a GET carrying a challenge (`accept`), answers 500 (`refuse`), or
 * answers 202 and never verifies (`silent`). `publish` signs a notification with the secret it was given.
 */
async function startHub() {
  const calls: HubCall[] = [];
  const state = { mode: 'accept' as 'accept' | 'refuse' | 'silent' };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      const form = new URLSearchParams(text);
      const call: HubCall = { form };
      calls.push(call);
      if (state.mode === 'refuse') return res.writeHead(500).end('hub broken');
      res.writeHead(202).end();
      if (state.mode === 'silent') return;
      const challenge = randomBytes(12).toString('hex');
      const url = new URL(form.get('hub.callback')!);
      url.searchParams.set('hub.mode', form.get('hub.mode')!);
      url.searchParams.set('hub.topic', form.get('hub.topic')!);
      url.searchParams.set('hub.challenge', challenge);
      if (form.get('hub.mode') === 'subscribe') url.searchParams.set('hub.lease_seconds', String(GRANTED_LEASE));
      void fetch(url).then(async (r) => {
        call.verification = { status: r.status, body: await r.text() };
        expect(call.verification.status === 200 ? call.verification.body : challenge).toBe(challenge);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  return {
    url,
    calls,
    state,
    /** POSTs `body` to the callback of the last subscribe call, signed as asked. */
    async publish(body: string, signature: 'good' | 'bad' | 'none', callback?: string) {
      const last = calls.filter((c) => c.form.get('hub.mode') === 'subscribe').at(-1)!;
      const secret = last.form.get('hub.secret')!;
      const headers: Record<string, string> = { 'content-type': 'application/rss+xml' };
      if (signature !== 'none') {
        const key = signature === 'good' ? secret : 'not-the-secret';
        headers['x-hub-signature'] = `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
      }
      return (await fetch(callback ?? last.form.get('hub.callback')!, { method: 'POST', headers, body })).status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const rss = (hub: string, self: string, items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Blog</title>` +
  `<link>https://blog.example/</link><atom:link rel="hub" href="${hub}"/><atom:link rel="self" href="${self}"/>` +
  items
    .map((n) => `<item><guid>${n}</guid><title>Story ${n}</title><description>Body ${n}.</description></item>`)
    .join('') +
  '</channel></rss>';

describe('WebSub against a local hub (SQLite, real Redis)', () => {
  let feeds: FeedServer;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let db: TestDatabase;
  let deps: Deps;
  let http: Server;
  let base: string;
  let producer: ReturnType<typeof createRedis>;
  let queues: Queues;
  let feedId: number;
  let feedUrl: string;
  const clock = { now: Date.UTC(2026, 0, 1) };
  /** Every log line Herald wrote, at debug level. */
  const logged: string[] = [];
  const prefix = `herald-websub-${randomBytes(4).toString('hex')}`;

  const row = async () => (await deps.store.websub.get(feedId)) as WebSubRow;
  const pollJobs = async () =>
    (await queues.queue('poll').getJobs(['waiting', 'delayed', 'prioritized', 'active'])).map((j) => j.data);
  const metric = async (name: string, labels: Record<string, string>) =>
    metricTotal(await deps.metrics.registry.metrics(), name, labels);
  const setItems = (items: string[]) =>
    feeds.setFeed('/blog.xml', { body: rss(hub.url, feedUrl, items), contentType: 'application/rss+xml' });

  beforeAll(async () => {
    feeds = await startFeedServer();
    hub = await startHub();
    db = await sqlite!.open();
    let handler: WebSubHandler = (_req, res) => res.writeHead(503).end();
    http = await startHttp(0, 'worker', {
      checks: [],
      registry: new Registry(),
      websub: (req, res) => handler(req, res),
    });
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const sink = new PassThrough();
    sink.on('data', (line: Buffer) => logged.push(line.toString()));
    deps = await testDeps(
      db.url,
      { PUBLIC_URL: `${base}/`, FEED_POLL_INTERVAL_SECONDS: '600' },
      { now: () => clock.now, log: createLogger('debug', sink) },
    );
    producer = createRedis(REDIS_URL, 'producer', createLogger('silent'));
    queues = createQueues(producer, prefix);
    handler = createWebSubHandler(deps, queues);
    feedUrl = feeds.url('/blog.xml');
    setItems(['1']);
    const feed = await deps.store.feeds.upsert({
      url: feedUrl,
      title: null,
      siteLink: null,
      language: null,
      intervalSeconds: 600,
      nextPollAt: clock.now,
    });
    feedId = feed.id;
    await deps.store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId, mentionRoleId: null }, clock.now);
  });
  afterAll(async () => {
    await queues?.close();
    const keys = await producer.keys(`${prefix}:*`);
    if (keys.length > 0) await producer.del(...keys);
    producer.disconnect();
    await new Promise((resolve) => http?.close(resolve));
    await deps?.store.close();
    await hub?.close();
    await feeds?.close();
    await db?.dispose();
  });

  it('subscribes to the hub the feed advertises and answers the verification of intent with its challenge', async () => {
    expect(await pollFeed(deps, feedId)).toMatchObject({ status: 'polled' });
    expect(await row()).toMatchObject({ state: 'new', hubUrl: hub.url, topicUrl: feedUrl });

    // The scheduler tick sends the subscription.
    await tick.process(undefined, {
      deps,
      queues,
      log: deps.log,
      retryLater: () => Promise.reject(new Error('the tick never retries')),
    });
    await queues.queue('poll').drain(true);
    expect(hub.calls).toHaveLength(1);
    const [call] = hub.calls;
    const { callbackId, secret } = await row();
    expect(Object.fromEntries(call!.form)).toEqual({
      'hub.mode': 'subscribe',
      'hub.topic': feedUrl,
      'hub.callback': `${base}/websub/${callbackId}`,
      'hub.secret': secret,
      'hub.lease_seconds': String(7 * 24 * 3600),
    });
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await waitFor('the verification of intent', () => call!.verification);
    expect(call!.verification!.status).toBe(200);
    expect(await row()).toMatchObject({ state: 'active', leaseExpiresAt: clock.now + GRANTED_LEASE * 1000 });
  });

  it('answers 404 to a verification it did not ask for, and changes nothing', async () => {
    const before = await row();
    const callback = `${base}/websub/${before.callbackId}`;
    const get = async (params: Record<string, string>, url = callback) =>
      (await fetch(`${url}?${new URLSearchParams(params)}`)).status;
    // A topic never asked for, an unsubscribe never asked for, a replayed subscribe, an unknown callback, a denial of
    // another topic: none is acted on.
    expect(await get({ 'hub.mode': 'subscribe', 'hub.topic': 'https://evil.example/', 'hub.challenge': 'c1' })).toBe(
      404,
    );
    expect(await get({ 'hub.mode': 'unsubscribe', 'hub.topic': feedUrl, 'hub.challenge': 'c2' })).toBe(404);
    expect(await get({ 'hub.mode': 'subscribe', 'hub.topic': feedUrl, 'hub.challenge': 'c3' })).toBe(404);
    expect(
      await get(
        { 'hub.mode': 'subscribe', 'hub.topic': feedUrl, 'hub.challenge': 'c4' },
        `${base}/websub/${'x'.repeat(32)}`,
      ),
    ).toBe(404);
    expect(await get({ 'hub.mode': 'denied', 'hub.topic': 'https://evil.example/' })).toBe(404);
    expect(await row()).toEqual(before);
    expect(await metric('herald_websub_events_total', { event: 'intent_refused' })).toBe(5);
  });

  it('polls the feed at once for a signed notification, posts each new item once, and polls at the safety interval', async () => {
    setItems(['2', '1']);
    expect(await hub.publish(rss(hub.url, feedUrl, ['2', '1']), 'good')).toBe(202);
    // A second notification while that poll waits is the same poll.
    expect(await hub.publish(rss(hub.url, feedUrl, ['2', '1']), 'good')).toBe(202);
    expect(await pollJobs()).toEqual([{ feedId }]);
    await queues.queue('poll').drain(true);
    const first = await pollFeed(deps, feedId);
    expect(first).toMatchObject({ status: 'polled', newArticleIds: [expect.any(Number)] });
    // The same notification again: a poll, and nothing new.
    expect(await hub.publish(rss(hub.url, feedUrl, ['2', '1']), 'good')).toBe(202);
    expect(await pollJobs()).toEqual([{ feedId }]);
    await queues.queue('poll').drain(true);
    await pollFeed(deps, feedId);
    const stored = await deps.store.articles.listNew(feedId);
    expect(stored.map((a) => a.title)).toEqual(['Story 2']);
    expect((await deps.store.feeds.get(feedId))?.nextPollAt).toBe(nextPollAt(feedUrl, 3600, clock.now));
    expect(await metric('herald_websub_notifications_total', { outcome: 'accepted' })).toBe(3);
  });

  it('drops a notification with a bad or missing signature, and counts it', async () => {
    expect(await hub.publish(rss(hub.url, feedUrl, ['3']), 'bad')).toBe(202);
    expect(await hub.publish(rss(hub.url, feedUrl, ['3']), 'none')).toBe(202);
    expect(await pollJobs()).toEqual([]);
    expect(await metric('herald_websub_notifications_total', { outcome: 'bad_signature' })).toBe(1);
    expect(await metric('herald_websub_notifications_total', { outcome: 'missing_signature' })).toBe(1);
    // An unknown callback is told the subscription is gone.
    expect(await hub.publish('x', 'good', `${base}/websub/${'y'.repeat(32)}`)).toBe(410);
    // A body declared larger than a feed may be is refused before it is read.
    const { callbackId } = await row();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1', () =>
        socket.write(`POST /websub/${callbackId} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n`),
      );
      socket.once('data', (d) => {
        resolve(d.toString().split('\r\n')[0] ?? '');
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(answer).toBe('HTTP/1.1 413 Payload Too Large');
    expect(await metric('herald_websub_notifications_total', { outcome: 'too_large' })).toBe(1);
  });

  it('renews the lease before it ends', async () => {
    const { leaseExpiresAt, callbackId } = await row();
    clock.now = leaseExpiresAt! - 5 * MINUTE;
    expect(await maintainWebSub(deps)).toMatchObject({ subscribed: 1 });
    const renewal = hub.calls.at(-1)!;
    expect(renewal.form.get('hub.callback')).toBe(`${base}/websub/${callbackId}`);
    await waitFor('the renewal verification', () => renewal.verification);
    expect(await row()).toMatchObject({ state: 'active', leaseExpiresAt: clock.now + GRANTED_LEASE * 1000 });
  });

  it('falls back to polling when the lease lapses, and drops notifications after', async () => {
    hub.state.mode = 'silent';
    const { leaseExpiresAt } = await row();
    clock.now = leaseExpiresAt! - 5 * MINUTE;
    expect(await maintainWebSub(deps)).toMatchObject({ subscribed: 1 });
    expect(await row()).toMatchObject({ state: 'subscribing' });
    // The renewal's verification, with a challenge too long to echo back: refused, still pending.
    const long = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.topic': feedUrl,
      'hub.challenge': 'c'.repeat(5000),
    });
    expect((await fetch(`${base}/websub/${(await row()).callbackId}?${long}`)).status).toBe(404);
    expect(await row()).toMatchObject({ state: 'subscribing', leaseExpiresAt });
    clock.now = leaseExpiresAt! + 1;
    // The feed's next poll is far off (here: claimed by a tick with a long lease); the lapse brings it forward.
    await deps.store.feeds.claimDue(clock.now, clock.now + 600 * MINUTE, 10);
    expect((await deps.store.feeds.get(feedId))?.nextPollAt).toBe(clock.now + 600 * MINUTE);
    expect(await maintainWebSub(deps)).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ state: 'failed', leaseExpiresAt: null });
    expect((await deps.store.feeds.get(feedId))?.nextPollAt).toBe(clock.now);
    await pollFeed(deps, feedId);
    expect((await deps.store.feeds.get(feedId))?.nextPollAt).toBe(nextPollAt(feedUrl, 600, clock.now));
    expect(await hub.publish(rss(hub.url, feedUrl, ['9']), 'good')).toBe(202);
    expect(await pollJobs()).toEqual([]);
    expect(await metric('herald_websub_notifications_total', { outcome: 'unverified' })).toBe(1);
    expect(await metric('herald_websub_events_total', { event: 'lapsed' })).toBe(1);
  });

  it('falls back to polling when the hub refuses, or never verifies, or denies', async () => {
    const retry = async () => {
      clock.now = (await row()).dueAt;
    };
    await retry();
    hub.state.mode = 'refuse';
    expect(await maintainWebSub(deps)).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ state: 'failed', lastError: 'hub answered HTTP 500' });

    await retry();
    hub.state.mode = 'silent';
    expect(await maintainWebSub(deps)).toMatchObject({ subscribed: 1 });
    clock.now += 11 * MINUTE;
    expect(await maintainWebSub(deps)).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ state: 'failed', lastError: 'hub never verified' });

    await retry();
    expect(await maintainWebSub(deps)).toMatchObject({ subscribed: 1 });
    const denial = new URLSearchParams({ 'hub.mode': 'denied', 'hub.topic': feedUrl, 'hub.reason': 'no thanks' });
    expect((await fetch(`${base}/websub/${(await row()).callbackId}?${denial}`)).status).toBe(200);
    expect(await row()).toMatchObject({ state: 'failed', lastError: 'hub denied: no thanks' });
  });

  it('unsubscribes when the feed loses its last subscription', async () => {
    clock.now = (await row()).dueAt;
    hub.state.mode = 'accept';
    expect(await maintainWebSub(deps)).toMatchObject({ subscribed: 1 });
    await waitFor('the verification', () => hub.calls.at(-1)!.verification);
    expect(await row()).toMatchObject({ state: 'active' });

    expect(await deps.store.subscriptions.removeFeed('g1', feedId)).toBe(1);
    expect(await maintainWebSub(deps)).toMatchObject({ unsubscribed: 1 });
    const unsubscribe = hub.calls.at(-1)!;
    expect(unsubscribe.form.get('hub.mode')).toBe('unsubscribe');
    expect(unsubscribe.form.get('hub.secret')).toBeNull();
    await waitFor('the unsubscribe verification', () => unsubscribe.verification);
    expect(unsubscribe.verification!.status).toBe(200);
    expect(await deps.store.websub.get(feedId)).toBeNull();
  });

  it('never logs a hub.secret', () => {
    const secrets = hub.calls.flatMap((c) => c.form.getAll('hub.secret'));
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    expect(logged.join('\n')).toMatch(/websub/);
    for (const secret of secrets) expect(logged.join('\n')).not.toContain(secret);
  });
});
