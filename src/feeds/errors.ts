/** Why a feed could not be fetched or parsed. */
export type FeedErrorKind = 'network' | 'timeout' | 'http' | 'too-large' | 'refused' | 'not-a-feed' | 'parse';

/** Extra facts about an HTTP failure. */
export interface FeedErrorDetails {
  /** HTTP status of the failing response (kind 'http'). */
  status?: number;
  /** Seconds the server asked us to wait (Retry-After on 429/503), when it said. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

const PERMANENT_KINDS: ReadonlySet<FeedErrorKind> = new Set(['refused', 'not-a-feed', 'parse']);
const PERMANENT_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 410]);

/**
 * A failure to fetch or parse a feed. `message` is one line a human can read; `permanent` tells the poller
 * whether retrying can help (401/403/404/410/refused/not-a-feed/parse rarely or never; timeouts, 429, 5xx and network errors can).
 */
export class FeedError extends Error {
  override name = 'FeedError';
  readonly kind: FeedErrorKind;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly permanent: boolean;

  constructor(kind: FeedErrorKind, message: string, details: FeedErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.permanent =
      PERMANENT_KINDS.has(kind) ||
      (kind === 'http' && details.status !== undefined && PERMANENT_STATUSES.has(details.status));
  }
}

/** True when `err` is a {@link FeedError}, optionally of one kind. */
export function isFeedError(err: unknown, kind?: FeedErrorKind): err is FeedError {
  return err instanceof FeedError && (kind === undefined || err.kind === kind);
}
