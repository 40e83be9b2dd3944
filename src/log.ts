import { type Logger, pino } from 'pino';

export type { Logger };

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
  'config.DISCORD_TOKEN',
  'config.OPENAI_API_KEY',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
];

/** JSON logs to stderr (stdout is the CLI's output); secrets redacted; connection strings stripped of passwords. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 2, sync: false }),
  );
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages that name a URL. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/:@]+:)[^@/]*@/, '$1***@');
}
