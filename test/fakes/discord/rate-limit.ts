import { createHash } from 'node:crypto';

/**
 * What a test can switch on with `setRateLimit`; both windows are one second long. A channel webhook's own limit
 * (5 executes per 2 s) is always on, as on Discord.
 */
export interface RateLimitConfig {
  /** Requests per second per route and channel (the `channel_id` top-level resource), e.g. message posts. */
  perChannelPerSecond?: number;
  /** Requests per second across all bot-authenticated routes; interaction routes are exempt, as on Discord. */
  globalPerSecond?: number;
}

/** The route a request matched, as the limiter sees it. */
export interface LimitedRoute {
  /** Method and route template, e.g. `POST /channels/:channel/messages`; hashed into `X-RateLimit-Bucket`. */
  bucket: string;
  /** The top-level resource (channel, guild or webhook id) the limit is counted per. */
  major: string;
  majorKind: 'channel' | 'guild' | 'webhook' | 'none';
  globalExempt: boolean;
  /** Sent without the bot's token (a channel webhook's execute): the global limit counts it per IP address. */
  ipGlobal?: boolean;
  /** A channel webhook's execute: Discord allows 5 per 2 seconds per webhook, always. */
  perWebhook?: boolean;
}

/** Headers to send and, when the request is over a limit, Discord's 429 body. */
export interface LimitDecision {
  headers: Record<string, string>;
  rejection: { body: { message: string; retry_after: number; global: boolean } } | null;
}

// Without a configured limit the fake still reports a bucket, generous enough never to trip a test.
const UNLIMITED = 10_000;
const WINDOW_MS = 1000;
/** Executes per webhook per window: Discord's documented 5 requests per 2 seconds. */
export const WEBHOOK_LIMIT = { count: 5, windowMs: 2000 } as const;

interface Window {
  count: number;
  resetAt: number;
}

/** Fixed one-second windows per bucket and resource, plus a global window, answering like Discord's headers. */
export class RateLimiter {
  private config: RateLimitConfig = {};
  private readonly windows = new Map<string, Window>();
  private readonly global: Window = { count: 0, resetAt: 0 };
  /** The global limit of requests without the bot's token, counted per IP address (all of the fake's callers). */
  private readonly ipGlobal: Window = { count: 0, resetAt: 0 };

  constructor(private readonly now: () => number) {}

  configure(config: RateLimitConfig | null): void {
    this.config = config ?? {};
    this.windows.clear();
    for (const w of [this.global, this.ipGlobal]) Object.assign(w, { count: 0, resetAt: 0 });
  }

  /** Counts the request, unless it is over a limit; requests answered 429 do not count. */
  take(route: LimitedRoute): LimitDecision {
    const now = this.now();
    const globalLimit = this.config.globalPerSecond;
    if (globalLimit !== undefined && !route.globalExempt) {
      const global = route.ipGlobal ? this.ipGlobal : this.global;
      if (now >= global.resetAt) Object.assign(global, { count: 0, resetAt: now + WINDOW_MS });
      if (global.count >= globalLimit) {
        const retryAfter = (global.resetAt - now) / 1000;
        // Discord's global 429 carries no per-route headers, only these.
        return {
          headers: {
            'Retry-After': String(Math.ceil(retryAfter)),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
          rejection: { body: { message: 'You are being rate limited.', retry_after: round(retryAfter), global: true } },
        };
      }
      global.count++;
    }

    const limit = route.perWebhook
      ? WEBHOOK_LIMIT.count
      : route.majorKind === 'channel' && this.config.perChannelPerSecond !== undefined
        ? this.config.perChannelPerSecond
        : UNLIMITED;
    const windowMs = route.perWebhook ? WEBHOOK_LIMIT.windowMs : WINDOW_MS;
    const key = `${route.bucket}|${route.major}`;
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    const over = window.count >= limit;
    if (!over) window.count++;
    const resetAfter = (window.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - window.count)),
      'X-RateLimit-Reset': (window.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': bucketHash(route.bucket),
    };
    if (!over) return { headers, rejection: null };
    return {
      headers: { ...headers, 'Retry-After': String(Math.ceil(resetAfter)), 'X-RateLimit-Scope': 'user' },
      rejection: { body: { message: 'You are being rate limited.', retry_after: round(resetAfter), global: false } },
    };
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** A stable 32-hex-digit id per route template, shaped like Discord's bucket hashes. */
export function bucketHash(bucket: string): string {
  return createHash('md5').update(bucket).digest('hex');
}
