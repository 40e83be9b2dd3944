import { type KeyObject, sign } from 'node:crypto';
import { request } from 'node:http';
import { createInteraction, type SendInteractionInput } from './interactions.js';
import { applyInitialResponse } from './routes-interactions.js';
import type { FakeState } from './state.js';

/** Discord gives an interactions endpoint 3 s to answer, then shows "The application did not respond". */
const HTTP_DEADLINE_MS = 3000;

/** An HTTP request as Discord sends it to an interactions endpoint. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** What an interactions endpoint answered. */
export interface EndpointAnswer {
  status: number;
  body: string;
}

/** `X-Signature-Ed25519`: the hex Ed25519 signature of `timestamp` followed by `body`, as Discord signs. */
export function signInteraction(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign(null, Buffer.from(timestamp + body, 'utf8'), privateKey).toString('hex');
}

/** Discord's request: JSON body, signature headers, Discord's user agent. */
export function signedRequest(privateKey: KeyObject, payload: unknown, timestamp: string): SignedRequest {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
      'x-signature-ed25519': signInteraction(privateKey, timestamp, body),
      'x-signature-timestamp': timestamp,
    },
  };
}

/** POSTs `req` to `url` on a connection of its own (as separate Discord hosts would), within Discord's deadline. */
export function postToEndpoint(url: string, req: SignedRequest, timeoutMs = HTTP_DEADLINE_MS): Promise<EndpointAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Registers an interaction as `sendInteraction` does and returns it as the signed request Discord would send. */
export function buildHttpInteraction(
  state: FakeState,
  input: SendInteractionInput,
  privateKey: KeyObject,
  timestamp = String(Math.floor(state.now() / 1000)),
): { id: string; request: SignedRequest } {
  const { record, payload } = createInteraction(state, input);
  record.http = true;
  return { id: record.id, request: signedRequest(privateKey, payload, timestamp) };
}

/**
 * Sends an interaction's request to an endpoint and treats the answer as Discord does: a 200 with a valid interaction
 * response is the initial response (checked like the callback endpoint checks it, `readDelayMs` after it arrived);
 * anything else — another status,
 * no answer within 3 s, a body that is not a valid response — leaves the interaction failed (`httpFailure`).
 */
export async function deliverHttpInteraction(
  state: FakeState,
  url: string,
  id: string,
  req: SignedRequest,
  readDelayMs = 0,
): Promise<EndpointAnswer | null> {
  const rec = state.interactions.get(id);
  if (!rec) throw new Error(`fake-discord: no interaction ${id}`);
  let answer: EndpointAnswer;
  try {
    answer = await postToEndpoint(url, req);
  } catch (err) {
    rec.httpFailure = (err as Error).message;
    return null;
  }
  if (answer.status !== 200) {
    rec.httpFailure = `HTTP ${answer.status}`;
    return answer;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    rec.httpFailure = 'the answer is not JSON';
    return answer;
  }
  if (typeof body !== 'object' || body === null || rec.acknowledged) {
    rec.httpFailure = 'not an interaction response';
    return answer;
  }
  // Until Discord has read the answer, its webhook does not know the message the answer created.
  if (readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, readDelayMs));
  const result = applyInitialResponse(state, rec, body as Record<string, unknown>, false);
  if (result.status >= 300) rec.httpFailure = `invalid interaction response: ${JSON.stringify(result.body)}`;
  return answer;
}

/**
 * What the developer portal does before it saves an _Interactions Endpoint URL_: a signed PING must get `{ type: 1 }`
 * and a PING with a wrong signature must get 401. Returns why the URL is refused, or null when it is accepted.
 */
export async function validateEndpoint(
  state: FakeState,
  url: string,
  privateKey: KeyObject,
  wrongKey: KeyObject,
): Promise<string | null> {
  const ping = { id: state.snowflake(), application_id: state.bot.id, type: 1, token: 'ping', version: 1 };
  const timestamp = String(Math.floor(state.now() / 1000));
  try {
    const good = await postToEndpoint(url, signedRequest(privateKey, ping, timestamp));
    if (good.status !== 200 || (JSON.parse(good.body) as { type?: unknown }).type !== 1) {
      return `PING answered ${good.status} ${good.body}`;
    }
    const forged = await postToEndpoint(url, signedRequest(wrongKey, { ...ping, id: state.snowflake() }, timestamp));
    if (forged.status !== 401) return `a PING with a bad signature was answered ${forged.status}, not 401`;
  } catch (err) {
    return (err as Error).message;
  }
  return null;
}
