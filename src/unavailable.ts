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

/**
 * A Discord call that failed while starting or deploying, as one line naming what to fix: DISCORD_TOKEN for a token
 * Discord refuses, DISCORD_APPLICATION_ID (or the server's invitation, for `guildId`) for a refused command route,
 * DISCORD_API_URL when no answer came at all.
 */
export function discordUnavailable(api: string, err: unknown, guildId?: string): UnavailableError {
  if (err instanceof UnavailableError) return err;
  const status = (err as { status?: unknown }).status;
  const code = (err as { code?: unknown }).code;
  const cause = describeCause(err);
  if (status === 401 || code === 'TokenInvalid') {
    return new UnavailableError(`Discord refused the bot token (DISCORD_TOKEN): ${cause}`, { cause: err });
  }
  if (status === 403 || status === 404) {
    // Discord answers a guild route with 403 Missing Access when the bot was not invited there with the
    // applications.commands scope, and with 404 Unknown Guild when it is not there at all.
    const hint = guildId
      ? `is the bot in server ${guildId}, invited with the applications.commands scope?`
      : 'is DISCORD_APPLICATION_ID the application of DISCORD_TOKEN?';
    return new UnavailableError(`Discord refused: ${cause} (${hint})`, { cause: err });
  }
  if (typeof status === 'number') return new UnavailableError(`Discord answered ${status}: ${cause}`, { cause: err });
  return unavailable('reach Discord', 'DISCORD_API_URL', api, err);
}
