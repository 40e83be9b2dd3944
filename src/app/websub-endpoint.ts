import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../deps.js';
import { FETCH_DEFAULTS } from '../feeds/fetch.js';
import { acceptNotification, answerVerification, type HubReply } from '../pipeline/websub/callback.js';
import type { Queues } from '../queue/queues.js';

/** Path prefix of WebSub callbacks on the HTTP server: `${PUBLIC_URL}/websub/<callback id>`. */
export const WEBSUB_PATH = '/websub/';
/** A notification body is at most a feed's size; reading it must finish within this. */
const BODY_TIMEOUT_MS = 30_000;

export type WebSubHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves WebSub callbacks: a GET is a hub's verification of intent (or denial), a POST a notification, whose feed is
 * polled at once through the poll queue when it is signed by a verified subscription's secret.
 */
export function createWebSubHandler(deps: Deps, queues: Pick<Queues, 'enqueuePushedPoll'>): WebSubHandler {
  return (req, res) => {
    const send = ({ status, body }: HubReply) =>
      res
        .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' })
        .end(body);
    const url = new URL(req.url ?? '/', 'http://callback.invalid');
    const callbackId = url.pathname.slice(WEBSUB_PATH.length);
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(callbackId)) return send({ status: 404, body: 'not found\n' });
    const answer =
      req.method === 'GET'
        ? answerVerification(deps, callbackId, url.searchParams)
        : req.method === 'POST'
          ? acceptNotification(deps, callbackId, header(req, 'x-hub-signature'), () =>
              readCapped(req, FETCH_DEFAULTS.maxBytes),
            ).then(async (result) => {
              if (result.feedId !== null) await queues.enqueuePushedPoll(result.feedId);
              return result;
            })
          : Promise.resolve({ status: 405, body: 'GET or POST\n' });
    answer.then(send, (err: unknown) => {
      deps.log.error({ err, callbackId }, 'websub callback failed');
      // 5xx: the hub retries the notification later, when the database or Redis is back.
      send({ status: 503, body: 'try again later\n' });
    });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request body, or null once it passes `maxBytes` (or a declared length does); stops after 30 s. */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('notification body not received in time'));
    }, BODY_TIMEOUT_MS);
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        clearTimeout(timer);
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks, total));
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
