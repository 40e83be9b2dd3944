import { APIConnectionError, APIError } from 'openai';

/**
 * Why an LLM summary could not be had:
 * - `invalid-output`: the model answered twice with something unusable (not JSON, wrong shape, unsafe content);
 * - `unfaithful`: the reply stated numbers or dates not in the article, again after a stricter request;
 * - `refused`: the model declined (refusal message or content filter);
 * - `rate-limited`: HTTP 429, with the server's `retry-after` in `retryAfterSeconds` when it sent one;
 * - `unavailable`: 5xx, 408/409, timeout or network failure;
 * - `auth`: 401/403, the key is wrong or lacks access;
 * - `bad-request`: another 4xx (unknown model, input too long, JSON mode unsupported), which retrying will not fix.
 */
export type LlmErrorKind =
  | 'invalid-output'
  | 'unfaithful'
  | 'refused'
  | 'rate-limited'
  | 'unavailable'
  | 'auth'
  | 'bad-request';

/** A failed LLM summary. Its message never contains the API key. */
export class LlmError extends Error {
  override name = 'LlmError';

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  /** True for failures that may pass if the same request is tried later. */
  get transient(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable';
  }
}

/** Seconds to wait from `retry-after-ms`, `retry-after` (seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** Maps an error thrown by the `openai` SDK to an {@link LlmError}; anything else (a bug) is returned as is. */
export function toLlmError(error: unknown, redact: (message: string) => string): unknown {
  if (error instanceof LlmError) return error;
  if (error instanceof APIConnectionError) {
    return new LlmError('unavailable', `LLM request failed: ${redact(error.message)}`);
  }
  if (!(error instanceof APIError)) return error;
  const status = error.status;
  const message = `LLM request failed with status ${status ?? 'none'}: ${redact(error.message)}`;
  if (status === 401 || status === 403) return new LlmError('auth', message, { status });
  if (status === 429) {
    const retryAfter = retryAfterSeconds(error.headers);
    return new LlmError(
      'rate-limited',
      message,
      retryAfter === undefined ? { status } : { status, retryAfterSeconds: retryAfter },
    );
  }
  if (status === undefined || status >= 500 || status === 408 || status === 409) {
    return new LlmError('unavailable', message, status === undefined ? {} : { status });
  }
  return new LlmError('bad-request', message, { status });
}
