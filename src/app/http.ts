import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { INTERACTIONS_PATH } from '../discord/http-interactions.js';
import { ADMIN_PATH, type AdminHandler } from './admin.js';
import { WEBSUB_PATH, type WebSubHandler } from './websub-endpoint.js';

/** A named check for `/readyz`: resolves when the dependency answers. */
export type ReadinessCheck = [name: string, check: () => Promise<unknown>];

/**
 * The process's HTTP endpoint: `/healthz` (alive), `/readyz` (every dependency answers: Redis, the database, the
 * Discord gateway for the bot), `/metrics` (Prometheus text format; `beforeScrape` refreshes gauges), the queue
 * dashboard under `/admin/queues` when `admin` is given, Discord's interactions at `/interactions` when
 * `interactions` is given, and WebSub callbacks under `/websub/` when `websub` is given (404 otherwise).
 */
export async function startHttp(
  port: number,
  role: string,
  {
    checks,
    registry,
    beforeScrape,
    admin,
    interactions,
    websub,
  }: {
    checks: ReadinessCheck[];
    registry: Registry;
    beforeScrape?: () => Promise<void>;
    admin?: AdminHandler;
    interactions?: (req: IncomingMessage, res: ServerResponse) => void;
    websub?: WebSubHandler;
  },
): Promise<Server> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return json(200, { status: 'ok', role });
    if (path === '/readyz') {
      void Promise.all(
        checks.map(async ([name, check]) => {
          try {
            await withTimeout(check(), 2_000);
            return [name, 'ok'] as const;
          } catch (err) {
            return [name, (err as Error).message] as const;
          }
        }),
      ).then((results) => {
        const ready = results.every(([, r]) => r === 'ok');
        json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', role, checks: Object.fromEntries(results) });
      });
      return;
    }
    if (path === '/metrics') {
      void (beforeScrape?.() ?? Promise.resolve())
        .then(() => registry.metrics())
        .then(
          (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
        );
      return;
    }
    if (interactions && path === INTERACTIONS_PATH) return interactions(req, res);
    if (admin && (path === ADMIN_PATH || path.startsWith(`${ADMIN_PATH}/`))) return admin(req, res);
    if (websub && path.startsWith(WEBSUB_PATH)) return websub(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}
