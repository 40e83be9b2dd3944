import type { FeedProblem } from '../domain.js';

export type { FeedProblem, NotAFeedDocument } from '../domain.js';

/** Why a feed could not be fetched or parsed. */
export type FeedErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'blocked'
  | 'too-large'
  | 'refused'
  | 'not-a-feed'
  | 'parse';

const KIND_OF: Record<FeedProblem['code'], FeedErrorKind> = {
  'http-status': 'http',
  'too-many-redirects': 'http',
  timeout: 'timeout',
  unreachable: 'network',
  blocked: 'blocked',
  'too-large': 'too-large',
  'invalid-url': 'refused',
  'unsupported-scheme': 'refused',
  'private-address': 'refused',
  'not-a-feed': 'not-a-feed',
  'unreadable-file': 'not-a-feed',
  malformed: 'parse',
  'too-deep': 'parse',
  'too-slow': 'parse',
  unreadable: 'parse',
};

/** True when `value` has the shape of a {@link FeedProblem} code (what a parsing thread sends back, say). */
export function isFeedProblem(value: unknown): value is FeedProblem {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(KIND_OF, code);
}

/** Extra facts about a failure. */
export interface FeedErrorDetails {
  /** HTTP status of the failing response, when one came (a redirect loop's last status, say). */
  status?: number;
  /** Seconds the server asked us to wait (Retry-After on 429/503), when it said. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

const PERMANENT_KINDS: ReadonlySet<FeedErrorKind> = new Set(['blocked', 'refused', 'not-a-feed', 'parse']);
const PERMANENT_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 410]);

/**
 * A failure to fetch or parse a feed. `problem` says what went wrong as data, for replies in the user's language;
 * `message` is one English line for logs and the command line; `kind` groups problems the way the poller and the
 * store count them; `permanent` tells the poller whether retrying can help (401/403/404/410/blocked/refused/not-a-feed/parse rarely or never;
 * timeouts, 429, 5xx and network errors can).
 */
export class FeedError extends Error {
  override name = 'FeedError';
  readonly problem: FeedProblem;
  readonly kind: FeedErrorKind;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly permanent: boolean;

  constructor(problem: FeedProblem, message: string, details: FeedErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.problem = problem;
    this.kind = KIND_OF[problem.code];
    this.status = problem.code === 'http-status' ? problem.status : details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.permanent =
      PERMANENT_KINDS.has(this.kind) ||
      (this.kind === 'http' && this.status !== undefined && PERMANENT_STATUSES.has(this.status));
  }
}

/** True when `err` is a {@link FeedError}, optionally of one kind. */
export function isFeedError(err: unknown, kind?: FeedErrorKind): err is FeedError {
  return err instanceof FeedError && (kind === undefined || err.kind === kind);
}
