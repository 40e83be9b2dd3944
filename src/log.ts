import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** `json`: one JSON object per line, for log collectors; `pretty`: coloured, readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** Keys whose values are never written to a log, wherever they appear in a logged object. */
const SECRET_PATHS = [
  'token',
  'apiKey',
  'authorization',
  'password',
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'cookie',
  '*.cookie',
  '*.headers.cookie',
  'config.DISCORD_TOKEN',
  'config.OPENAI_API_KEY',
  'config.ADMIN_TOKEN',
  'config.FEED_PROXY_URL',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
  'ADMIN_TOKEN',
  // a proxy URL may carry its credentials
  'FEED_PROXY_URL',
  'proxy',
  '*.proxy',
];

/**
 * Logs to stderr (stdout is the CLI's output), JSON or pretty; secrets redacted; connection strings stripped of
 * passwords. Pretty output goes through pino-pretty as a stream in this thread (not a transport worker), so it
 * prints what pino wrote after redaction.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream, format: LogFormat = 'json'): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (format === 'pretty') {
    return pino(options, pretty({ destination: destination ?? 2, colorize: !destination && process.stderr.isTTY }));
  }
  return pino(options, destination ?? pino.destination({ dest: 2, sync: false }));
}

const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)(.*)@/is;

/**
 * `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages that name a URL. The password runs
 * to the last `@`, so one that holds `@` or `/` unencoded (a URL no parser accepts, which is when it gets printed)
 * is hidden whole.
 */
export function redactUrl(url: string): string {
  return url.replace(URL_PASSWORD, (_, user: string) => `${user}***@`);
}

/** The password of a connection URL as written (see {@link redactUrl}), if it has one. */
export function urlPassword(url: string): string | undefined {
  return URL_PASSWORD.exec(url)?.[2] || undefined;
}
