import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import { Hono } from 'hono';

/** Where the dashboard is served; every path below it belongs to it. */
export const ADMIN_PATH = '/admin/queues';

const COOKIE = 'herald_admin';

/** A node:http handler for one request below `ADMIN_PATH`. */
export type AdminHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The bull-board dashboard of `queues` at `ADMIN_PATH`, for holders of `token` only. Scripts send
 * `Authorization: Bearer <token>`; a browser opens `/admin/queues?token=<token>` once, which sets an HttpOnly cookie
 * and redirects to the same page without the token (so it leaves the address bar and history), because a browser
 * cannot add a header to a typed address and the dashboard's own API calls carry the cookie by themselves.
 */
export function createAdminDashboard(queues: readonly Queue[], token: string): AdminHandler {
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(ADMIN_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const app = new Hono().route(ADMIN_PATH, serverAdapter.registerPlugin());
  // Hono would otherwise replace the global Request and Response with its own for the whole process.
  const board = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  const expected = digest(token);
  const matches = (candidate: string | undefined) =>
    candidate !== undefined && timingSafeEqual(digest(candidate), expected);

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const fromQuery = url.searchParams.get('token') ?? undefined;
    if (fromQuery !== undefined && matches(fromQuery)) {
      url.searchParams.delete('token');
      res
        .writeHead(303, {
          location: `${url.pathname}${url.search}`,
          'set-cookie': `${COOKIE}=${encodeURIComponent(fromQuery)}; Path=${ADMIN_PATH}; HttpOnly; SameSite=Strict`,
        })
        .end();
      return;
    }
    if (!matches(bearer(req)) && !matches(cookie(req, COOKIE))) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="herald admin"' })
        .end('unauthorized\n');
      return;
    }
    void board(req, res);
  };
}

// Hashing first gives both sides the same length, which timingSafeEqual needs, without leaking the token's length.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
