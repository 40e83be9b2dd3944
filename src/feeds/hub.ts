import { Agent, fetch } from 'undici';
import { USER_AGENT } from './fetch.js';
import { checkUrl, createGuardedLookup } from './guard.js';
import { discardBody } from './read-body.js';

/** A subscribe or unsubscribe request to a WebSub hub (W3C WebSub §5.1). */
export interface HubRequest {
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  callback: string;
  /** `hub.secret` (subscribe only): the hub signs each notification with it. */
  secret?: string;
  /** `hub.lease_seconds` (subscribe only): the lease asked for; the hub decides. */
  leaseSeconds?: number;
}

/** What the hub answered: `accepted` for its 202 (it will verify our intent), else why not, for the logs. */
export type HubAnswer = { accepted: true } | { accepted: false; error: string };

const HUB_TIMEOUT_MS = 10_000;
const agents = new Map<boolean, Agent>();

function agentFor(allowPrivate: boolean): Agent {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: HUB_TIMEOUT_MS, lookup: createGuardedLookup({ allowPrivate }) },
      headersTimeout: HUB_TIMEOUT_MS,
      bodyTimeout: HUB_TIMEOUT_MS,
    });
    agents.set(allowPrivate, agent);
  }
  return agent;
}

/**
 * Sends a subscription request to a hub, under the same address guard as feeds (the hub's address comes from a feed
 * document), within 10 s, following no redirect. Never throws: a hub that cannot be reached, answers anything but
 * 2xx or takes too long is a refusal.
 */
export async function requestHub(hubUrl: string, req: HubRequest, opts: { allowPrivate: boolean }): Promise<HubAnswer> {
  const form = new URLSearchParams({ 'hub.mode': req.mode, 'hub.topic': req.topic, 'hub.callback': req.callback });
  if (req.secret !== undefined) form.set('hub.secret', req.secret);
  if (req.leaseSeconds !== undefined) form.set('hub.lease_seconds', String(req.leaseSeconds));
  try {
    const url = checkUrl(hubUrl, opts);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': USER_AGENT, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(HUB_TIMEOUT_MS),
      dispatcher: agentFor(opts.allowPrivate),
    });
    await discardBody(res);
    // 202 is what the recommendation asks for; some hubs verify synchronously and answer 204 or 200.
    if (res.status >= 200 && res.status <= 299) return { accepted: true };
    return { accepted: false, error: `hub answered HTTP ${res.status}` };
  } catch (err) {
    // undici wraps what went wrong (the guard's refusal, a reset) as the cause of a bare "fetch failed".
    const reason = ((err as { cause?: unknown }).cause as Error | undefined)?.message ?? (err as Error).message;
    return { accepted: false, error: `hub request failed: ${String(reason).split('\n')[0]}` };
  }
}
