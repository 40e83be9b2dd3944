import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { readMultipart, UploadRejected } from './attachments.js';
import type { LimitedRoute, RateLimiter } from './rate-limit.js';
import { fail, invalidForm, type Json, type Route, type RouteResult } from './route.js';
import { checkRequest, spec } from './spec.js';
import type { FakeState } from './state.js';

const PREFIX = '/api/v10';

interface FailureRule {
  method: string | null;
  segments: string[];
  status: number;
  remaining: number;
}

/** Answers `/api/v10` requests: auth, injected failures, rate limits, then the route; logs every request. */
export class RestHandler {
  private readonly failures: FailureRule[] = [];
  private outage: { statuses: number[]; answered: number } | null = null;
  private readonly holds: Array<{ method: string | null; segments: string[]; run: () => unknown }> = [];
  private readonly hangs: Array<{ method: string; segments: string[]; applied: boolean; arrived: () => void }> = [];

  constructor(
    private readonly state: FakeState,
    private readonly routes: Route[],
    private readonly limiter: RateLimiter,
  ) {
    spec();
  }

  /**
   * Makes the next `times` requests matching `route` answer `status`. `route` is `"METHOD /path"` or `"/path"`
   * below `/api/v10`, where a `*` or `:name` segment matches any one segment.
   */
  failNext(route: string, status: number, times: number): void {
    const [first, second] = route.trim().split(/\s+/);
    const path = second ?? first ?? '';
    const method = second ? (first ?? '').toUpperCase() : null;
    this.failures.push({ method, segments: split(path), status, remaining: times });
  }

  /**
   * Once: the next request matching `route` takes effect, then `run` is awaited before the answer is sent (a test
   * kills the caller there, between Discord acting on a request and the caller hearing of it).
   */
  beforeAnswer(route: string, run: () => unknown): void {
    const [first, second] = route.trim().split(/\s+/);
    const method = second ? (first ?? '').toUpperCase() : null;
    this.holds.push({ method, segments: split(second ?? first ?? ''), run });
  }

  /**
   * Until called again with `null`, every bot-token request answers the next of `statuses` in turn, with Discord's
   * error body. A 500 is sent after the request took effect (Discord failed after writing: the message exists, the
   * answer is lost); any other status before it (the request never reached Discord's API).
   */
  setOutage(statuses: number[] | null): void {
    this.outage = statuses && statuses.length > 0 ? { statuses, answered: 0 } : null;
  }

  /**
   * The next request matching `route` (`"METHOD /path"`) is never answered, as when the client dies mid-request;
   * `applied` says whether it took effect first. Resolves when it arrived.
   */
  hangNext(route: string, applied: boolean): Promise<void> {
    const [method = '', path = ''] = route.trim().split(/\s+/);
    return new Promise((arrived) =>
      this.hangs.push({ method: method.toUpperCase(), segments: split(path), applied, arrived }),
    );
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length) : null;
    const raw = await readBody(req);
    let body: unknown;
    let result: RouteResult | Promise<RouteResult>;
    let headers: Record<string, string> = {};
    try {
      body = await parseBody(this.state, raw, req.headers['content-type']);
      const at =
        path === null
          ? -1
          : this.hangs.findIndex((h) => h.method === method && match(h.segments, split(path), true) !== null);
      const hang = at === -1 ? null : this.hangs.splice(at, 1)[0];
      if (hang && !hang.applied) return hang.arrived();
      ({ result, headers } = this.route(method, path, url, body, req.headers.authorization));
      if (hang) {
        await result;
        return hang.arrived();
      }
    } catch (err) {
      if (err instanceof UploadRejected) result = err.result;
      else if (!(err instanceof SyntaxError)) throw err;
      else result = fail(400, 50109, 'The request body contains invalid JSON.');
    }
    const settled = await Promise.resolve(result);
    const hold = path === null ? -1 : this.holds.findIndex((h) => this.holdMatches(h, method, split(path)));
    if (hold >= 0) await this.holds.splice(hold, 1)[0]?.run();
    this.state.requests.push({
      method,
      path: path ?? url.pathname,
      query: url.search,
      body,
      status: settled.status,
      at: this.state.now(),
    });
    send(res, settled, { ...headers, ...settled.headers });
  }

  private route(method: string, path: string | null, url: URL, body: unknown, authorization: string | undefined) {
    const none = (result: RouteResult) => ({ result, headers: {} as Record<string, string> });
    if (path === null) return none(fail(404, 0, '404: Not Found'));
    const segments = split(path);
    const matches = this.routes
      .map((route) => ({ route, params: match(split(route.path), segments) }))
      .filter((m) => m.params !== null);
    const found = matches.find((m) => m.route.method === method);
    if (!found) return none(matches.length ? fail(405, 0, '405: Method Not Allowed') : fail(404, 0, '404: Not Found'));
    const { route } = found;
    const params = found.params as Record<string, string>;
    if (route.auth && authorization !== `Bot ${this.state.options.botToken}`)
      return none(fail(401, 0, '401: Unauthorized'));

    const injected = this.takeFailure(method, segments);
    if (injected !== null) return none(serverError(injected));
    const ctx = { state: this.state, params, body: (body ?? {}) as Json, query: url.searchParams };
    if (route.auth && this.outage) {
      const status = this.outage.statuses[this.outage.answered++ % this.outage.statuses.length] as number;
      if (status !== 500) return none(serverError(status));
      return { result: Promise.resolve(route.handle(ctx)).then(() => serverError(status)), headers: {} };
    }

    const decision = this.limiter.take(limitedRoute(route, params, this.state.bot.id));
    if (decision.rejection)
      return { result: { status: 429, body: decision.rejection.body }, headers: decision.headers };
    // Every request is held to Discord's published description of its API before the route's own checks.
    const verdict = checkRequest(method, path, route.ownBodyChecks ? undefined : body, url.searchParams);
    // A route Discord does not publish is Discord's 404 (and a bug of the fake, said loudly).
    if (verdict.kind === 'unknown-route') {
      console.error(`fake Discord: ${method} ${path} is not in Discord's API spec`);
      return none(fail(404, 0, '404: Not Found'));
    }
    if (verdict.kind === 'invalid') return { result: invalidForm(verdict.errors), headers: decision.headers };
    return { result: route.handle(ctx), headers: decision.headers };
  }

  private holdMatches(hold: { method: string | null; segments: string[] }, method: string, segments: string[]) {
    return (hold.method === null || hold.method === method) && match(hold.segments, segments, true) !== null;
  }

  private takeFailure(method: string, segments: string[]): number | null {
    const rule = this.failures.find(
      (f) =>
        f.remaining > 0 && (f.method === null || f.method === method) && match(f.segments, segments, true) !== null,
    );
    if (!rule) return null;
    rule.remaining--;
    return rule.status;
  }
}

/** Discord's body for a server error, e.g. `{ "message": "503: Service Unavailable", "code": 0 }`. */
function serverError(status: number): RouteResult {
  return fail(status, 0, `${status}: ${STATUS_CODES[status] ?? 'Server Error'}`);
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function match(pattern: string[], segments: string[], wildcard = false): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segment);
    else if (!(wildcard && part === '*') && part !== segment) return null;
  }
  return params;
}

function limitedRoute(route: Route, params: Record<string, string>, botId: string): LimitedRoute {
  const bucket = `${route.method} ${route.path}`;
  // Interaction callbacks and the interaction webhook are exempt; a channel webhook's token routes are sent without
  // the bot's token, so Discord counts them against the caller's IP address instead.
  const interaction = route.path.startsWith('/interactions/') || (params.token && params.webhook === botId);
  const globalExempt = Boolean(interaction);
  if (params.channel) return { bucket, major: params.channel, majorKind: 'channel', globalExempt };
  if (params.guild) return { bucket, major: params.guild, majorKind: 'guild', globalExempt };
  if (params.webhook && params.token && !interaction) {
    const major = `${params.webhook}/${params.token}`;
    return { bucket, major, majorKind: 'webhook', globalExempt, ipGlobal: true, perWebhook: route.method === 'POST' };
  }
  if (params.webhook) return { bucket, major: `${params.webhook}/${params.token}`, majorKind: 'webhook', globalExempt };
  if (params.interaction) return { bucket, major: params.interaction, majorKind: 'webhook', globalExempt };
  return { bucket, major: '', majorKind: 'none', globalExempt };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON, or multipart with `payload_json` and files (how discord.js sends files; see `readMultipart`). */
async function parseBody(state: FakeState, raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (raw.length === 0) return undefined;
  if (contentType?.startsWith('multipart/form-data')) return readMultipart(state, raw, contentType);
  return JSON.parse(raw.toString('utf8'));
}

function send(res: ServerResponse, result: RouteResult, headers: Record<string, string>): void {
  res.statusCode = result.status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (result.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(result.body));
}
