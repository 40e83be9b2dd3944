import { redactUrl, urlPassword } from './log.js';

/** How long Herald waits for the database or Redis to answer when it starts, before it gives up. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A service Herald cannot use when it starts (the database, Redis, Discord). The message is one line that names the
 * variable to fix and the URL without its password; the CLI prints it as it is and exits 1.
 */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

/**
 * Why a connection failed, on one line: a message, else the error code (Node's `AggregateError` of a dual-stack
 * connect has an empty message and one error per address tried).
 */
export function describeCause(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(describeCause))].join('; ');
  }
  if (err instanceof Error) {
    const text = err.message || (err as NodeJS.ErrnoException).code || err.name;
    return text.replace(/\s+/g, ' ').trim();
  }
  return String(err);
}

/** `err` as an {@link UnavailableError} naming `variable` and the redacted `url`, with the password scrubbed. */
export function unavailable(what: string, variable: string, url: string, err: unknown, hint = ''): UnavailableError {
  if (err instanceof UnavailableError) return err;
  const password = urlPassword(url);
  let cause = describeCause(err);
  if (password) cause = cause.split(password).join('***');
  return new UnavailableError(`cannot ${what} at ${redactUrl(url)} (${variable}): ${cause}${hint}`, { cause: err });
}
