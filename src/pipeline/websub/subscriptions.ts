import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { type HubAnswer, type HubRequest, requestHub } from '../../feeds/hub.js';
import type { FeedRow, WebSubLink, WebSubRow } from '../../store/store.js';
import { REQUESTED_LEASE_SECONDS, RETRY_AFTER_FAILURE_MS, VERIFY_TIMEOUT_MS } from './websub-timing.js';

/** Sends one request to a hub; the default goes over HTTP under the feed address guard. */
export type HubClient = (hubUrl: string, req: HubRequest) => Promise<HubAnswer>;

/** Subscriptions acted on per maintenance run, and hub requests sent at once, so one run stays short. */
const BATCH = 20;
const PARALLEL = 5;

/** A fresh opaque callback id and `hub.secret` (random, 32 bytes each). */
export function freshCallback(): { callbackId: string; secret: string } {
  return { callbackId: randomBytes(24).toString('base64url'), secret: randomBytes(32).toString('base64url') };
}

/** True while a verified lease is running: the hub pushes this feed's updates. */
export function isPushed(row: WebSubRow | null, now: number): boolean {
  return (
    row !== null &&
    (row.state === 'active' || row.state === 'subscribing') &&
    row.leaseExpiresAt !== null &&
    row.leaseExpiresAt > now
  );
}

/**
 * After a poll: records the hub and topic the feed advertised (a changed 200 only; a 304 keeps what is stored) and
 * says whether the feed is pushed. Nothing is recorded and nothing is pushed without `PUBLIC_URL`.
 */
export async function websubAfterPoll(
  deps: Pick<Deps, 'config' | 'store'>,
  feed: FeedRow,
  advertised: WebSubLink | null | undefined,
  now: number,
): Promise<boolean> {
  if (!deps.config.PUBLIC_URL) return false;
  const stored = await deps.store.websub.get(feed.id);
  // Most polls find what is stored: one read, no write.
  const same =
    advertised === undefined ||
    (advertised === null
      ? stored === null
      : stored?.hubUrl === advertised.hubUrl && stored.topicUrl === advertised.topicUrl);
  const row = same ? stored : await deps.store.websub.discover(feed.id, advertised, freshCallback(), now);
  return isPushed(row, now);
}

/** The callback URL a hub calls for one subscription. */
export function callbackUrl(publicUrl: string, callbackId: string): string {
  return `${publicUrl}/websub/${callbackId}`;
}

/** What one maintenance run did, by action. */
export type WebSubActions = Record<'subscribed' | 'unsubscribed' | 'failed' | 'dropped', number>;

/**
 * Moves every due subscription one step (at most 20 per run, 5 hub requests at a time): subscribes a feed that
 * advertises a hub, renews a lease before it ends, unsubscribes a feed nobody follows any more, and falls back to
 * polling when the hub refuses, its verification never comes, or the lease lapsed. Does nothing without `PUBLIC_URL`.
 */
export async function maintainWebSub(
  deps: Pick<Deps, 'config' | 'store' | 'log' | 'metrics' | 'now'>,
  hub: HubClient = (url, req) => requestHub(url, req, { allowPrivate: deps.config.FEED_ALLOW_PRIVATE }),
): Promise<WebSubActions> {
  const done: WebSubActions = { subscribed: 0, unsubscribed: 0, failed: 0, dropped: 0 };
  const publicUrl = deps.config.PUBLIC_URL;
  if (!publicUrl) return done;
  const due = await deps.store.websub.due(deps.now(), BATCH);
  for (let i = 0; i < due.length; i += PARALLEL) {
    await Promise.all(due.slice(i, i + PARALLEL).map((row) => step(deps, hub, publicUrl, row, done)));
  }
  return done;
}

async function step(
  deps: Pick<Deps, 'store' | 'log' | 'metrics' | 'now'>,
  hub: HubClient,
  publicUrl: string,
  row: WebSubRow & { wanted: boolean },
  done: WebSubActions,
): Promise<void> {
  const { store, log, metrics } = deps;
  const now = deps.now();
  const fields = { feedId: row.feedId, hub: row.hubUrl, state: row.state };
  const fail = async (event: string, error: string) => {
    await store.websub.fail(row.feedId, { error, retryAt: now + RETRY_AFTER_FAILURE_MS }, now);
    metrics.websubEvents.inc({ event });
    log.warn({ ...fields, error }, 'websub subscription failed; polling the feed');
    done.failed++;
  };
  const request = (mode: 'subscribe' | 'unsubscribe') =>
    hub(row.hubUrl, {
      mode,
      topic: row.topicUrl,
      callback: callbackUrl(publicUrl, row.callbackId),
      ...(mode === 'subscribe' && { secret: row.secret, leaseSeconds: REQUESTED_LEASE_SECONDS }),
    });

  if (!row.wanted) {
    if (row.state === 'active' || row.state === 'subscribing') {
      await store.websub.markRequested(row.feedId, 'unsubscribe', now, now + VERIFY_TIMEOUT_MS);
      const answer = await request('unsubscribe');
      if (!answer.accepted) await store.websub.remove(row.feedId);
      metrics.websubEvents.inc({ event: 'unsubscribe_sent' });
      log.info({ ...fields, accepted: answer.accepted }, 'websub unsubscribe sent: the feed is no longer followed');
      done.unsubscribed++;
    } else {
      // Never subscribed, failed, or an unsubscribe the hub never verified: nothing is left to undo.
      await store.websub.remove(row.feedId);
      done.dropped++;
    }
    return;
  }
  if (row.state === 'unsubscribing') {
    // Followed again while an unsubscribe was pending; that unsubscribe was never verified: start over.
    await store.websub.remove(row.feedId);
    done.dropped++;
    return;
  }
  if (row.state === 'subscribing') {
    // Due: the verification did not come in time, or the lease ran out while a renewal waited for one.
    const lapsed = row.leaseExpiresAt !== null && row.leaseExpiresAt <= now;
    await fail(lapsed ? 'lapsed' : 'unverified', lapsed ? 'lease lapsed before renewal' : 'hub never verified');
    return;
  }
  if (row.state === 'active' && row.leaseExpiresAt !== null && row.leaseExpiresAt <= now) {
    await fail('lapsed', 'lease lapsed');
    return;
  }
  // new, failed (retry), or active and due for renewal. The request is recorded first: hubs may verify before
  // answering. A renewal keeps its lease meanwhile, so it is due again when the lease ends if never verified.
  const waitUntil = Math.min(now + VERIFY_TIMEOUT_MS, row.leaseExpiresAt ?? Number.POSITIVE_INFINITY);
  await store.websub.markRequested(row.feedId, 'subscribe', now, waitUntil);
  const answer = await request('subscribe');
  if (!answer.accepted) {
    await fail('refused', answer.error);
    return;
  }
  metrics.websubEvents.inc({ event: row.state === 'active' ? 'renewal_sent' : 'subscribe_sent' });
  done.subscribed++;
}
