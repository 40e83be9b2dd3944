import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminDashboard } from '../../src/app/admin.js';
import { startHttp } from '../../src/app/http.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createRedis } from '../../src/queue/connection.js';
import { createQueues, QUEUE_NAMES, type Queues } from '../../src/queue/queues.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'a-long-admin-token-for-tests-0123';

describe('the queue dashboard at /admin/queues', () => {
  const redis = createRedis(REDIS_URL, 'producer', createLogger('silent'));
  let queues: Queues;
  const servers: Server[] = [];
  let withBoard: string;
  let withoutBoard: string;

  const listen = async (admin?: ReturnType<typeof createAdminDashboard>) => {
    const server = await startHttp(0, 'worker', { checks: [], registry: createMetrics().registry, admin });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    queues = createQueues(redis, `herald-test-${randomBytes(4).toString('hex')}`);
    withBoard = await listen(
      createAdminDashboard(
        QUEUE_NAMES.map((name) => queues.queue(name)),
        TOKEN,
      ),
    );
    withoutBoard = await listen();
  });

  afterAll(async () => {
    for (const server of servers) server.close();
    await Promise.all(QUEUE_NAMES.map((name) => queues.queue(name).obliterate({ force: true })));
    await queues.close();
    redis.disconnect();
  });

  it('does not exist without ADMIN_TOKEN', async () => {
    expect((await fetch(`${withoutBoard}/admin/queues`)).status).toBe(404);
    expect((await fetch(`${withoutBoard}/admin/queues/api/queues`, { headers: bearer(TOKEN) })).status).toBe(404);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    const none = await fetch(`${withBoard}/admin/queues/api/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${withBoard}/admin/queues/api/queues`, { headers: bearer(`${TOKEN}x`) })).status).toBe(401);
    expect((await fetch(`${withBoard}/admin/queues`, { headers: { cookie: 'herald_admin=guess' } })).status).toBe(401);
    const wrongQuery = await fetch(`${withBoard}/admin/queues?token=guess`, { redirect: 'manual' });
    expect(wrongQuery.status).toBe(401);
    expect(wrongQuery.headers.get('set-cookie')).toBeNull();
  });

  it("shows Herald's queues and their jobs to a script holding the token", async () => {
    await queues.enqueuePolls([7]);
    const res = await fetch(`${withBoard}/admin/queues/api/queues`, { headers: bearer(TOKEN) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(body.queues.find((q) => q.name === 'poll')?.counts.waiting).toBe(1);
  });

  it('lets a browser in with ?token= once, through an HttpOnly cookie, and serves the page and its assets', async () => {
    const login = await fetch(`${withBoard}/admin/queues?token=${TOKEN}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin/queues');
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Path=\/admin\/queues/);
    const cookie = setCookie.split(';')[0]!;

    const page = await fetch(`${withBoard}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // Resolved as a browser does: against the page's <base href>.
    const base = new URL(/<base href="([^"]+)"/.exec(html)?.[1] ?? '', page.url);
    const asset = new URL(/src="([^"]+\.js)"/.exec(html)?.[1] ?? '', base);
    expect(asset.pathname).toMatch(/^\/admin\/queues\/static\//);
    const script = await fetch(asset, { headers: { cookie } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(asset)).status).toBe(401);
  });
});

function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}
