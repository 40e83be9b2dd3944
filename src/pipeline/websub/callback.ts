import type { Deps } from '../../deps.js';
import { checkSignature } from './signature.js';
import { isPushed } from './subscriptions.js';
import { leaseTimes, REQUESTED_LEASE_SECONDS, RETRY_AFTER_FAILURE_MS } from './websub-timing.js';

/** An HTTP answer to a hub: status and a plain-text body. */
export interface HubReply {
  status: number;
  body: string;
}

/** Longest `hub.challenge` echoed back; hubs send a few dozen characters. */
const MAX_CHALLENGE = 1_024;

type CallbackDeps = Pick<Deps, 'store' | 'metrics' | 'log' | 'now'>;

/**
 * A hub's GET on a callback URL (W3C WebSub §5.3): a verification of intent is answered with its `hub.challenge`
 * only when it is a subscribe or unsubscribe Herald asked for, on this callback, with this topic (the subscription
 * becomes active with the lease the hub granted, or is deleted); anything else gets 404 and changes nothing. A denial
 * (`hub.mode=denied`) of a pending or active subscription makes the feed fall back to polling.
 */
export async function answerVerification(
  deps: CallbackDeps,
  callbackId: string,
  query: URLSearchParams,
): Promise<HubReply> {
  const { store, metrics, log } = deps;
  const now = deps.now();
  const mode = query.get('hub.mode');
  const topic = query.get('hub.topic') ?? '';
  const refused = (): HubReply => {
    metrics.websubEvents.inc({ event: 'intent_refused' });
    return { status: 404, body: 'no such pending request\n' };
  };
  if (mode === 'denied') {
    const row = await store.websub.byCallback(callbackId);
    if (!row || row.topicUrl !== topic || (row.state !== 'subscribing' && row.state !== 'active')) return refused();
    const reason = (query.get('hub.reason') ?? '').slice(0, 200);
    await store.websub.fail(row.feedId, { error: `hub denied: ${reason}`, retryAt: now + RETRY_AFTER_FAILURE_MS }, now);
    metrics.websubEvents.inc({ event: 'denied' });
    log.warn({ feedId: row.feedId, hub: row.hubUrl }, 'websub subscription denied by the hub; polling the feed');
    return { status: 200, body: '' };
  }
  const challenge = query.get('hub.challenge') ?? '';
  if ((mode !== 'subscribe' && mode !== 'unsubscribe') || challenge === '' || challenge.length > MAX_CHALLENGE) {
    return refused();
  }
  const leaseParam = query.get('hub.lease_seconds');
  const leaseSeconds = leaseParam && /^\d{1,10}$/.test(leaseParam) ? Number(leaseParam) : REQUESTED_LEASE_SECONDS;
  const verified = await store.websub.verify(callbackId, mode, topic, leaseTimes(now, leaseSeconds), now);
  if (!verified) return refused();
  metrics.websubEvents.inc({ event: mode === 'subscribe' ? 'verified' : 'unsubscribed' });
  log.info(
    { callbackId, mode, leaseSeconds: mode === 'subscribe' ? leaseSeconds : undefined },
    'websub intent verified',
  );
  return { status: 200, body: challenge };
}

/** What became of a notification: the HTTP answer, and the feed to poll when it is to be acted on. */
export interface NotificationResult extends HubReply {
  feedId: number | null;
}

/**
 * A hub's POST on a callback URL (W3C WebSub §7–8). Acted on (the feed returned, for an immediate poll) only when the
 * callback belongs to a verified subscription and `X-Hub-Signature` is the HMAC of the body under its secret. A
 * missing or bad signature, or an unverified subscription, is dropped with a 2xx (so the hub does not retry it
 * forever) and counted; an unknown callback gets 410, which tells the hub to end that subscription. `readBody`
 * returns null when the body passes the size limit (413).
 */
export async function acceptNotification(
  deps: CallbackDeps,
  callbackId: string,
  signature: string | undefined,
  readBody: () => Promise<Buffer | null>,
): Promise<NotificationResult> {
  const { store, metrics, log } = deps;
  const dropped = (outcome: string, status = 202): NotificationResult => {
    metrics.websubNotifications.inc({ outcome });
    return { status, body: '', feedId: null };
  };
  const row = await store.websub.byCallback(callbackId);
  if (!row) return dropped('unknown', 410);
  const body = await readBody();
  if (body === null) return dropped('too_large', 413);
  // A lease verified at least once and not given up on; a lapsed lease still running its renewal counts.
  const verified = row.leaseExpiresAt !== null && (row.state === 'active' || row.state === 'subscribing');
  if (!verified) return dropped('unverified');
  const check = checkSignature(row.secret, signature, body);
  if (check !== 'ok') {
    log.warn({ feedId: row.feedId, signature: check }, 'websub notification dropped: signature');
    return dropped(check === 'missing' ? 'missing_signature' : 'bad_signature');
  }
  metrics.websubNotifications.inc({ outcome: 'accepted' });
  log.debug({ feedId: row.feedId, pushed: isPushed(row, deps.now()) }, 'websub notification accepted');
  return { status: 202, body: '', feedId: row.feedId };
}
