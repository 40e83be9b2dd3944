import type { Catalogue } from '../i18n/messages.js';
import type { MessageArgs, MessageKey, UserError } from '../i18n/user-error.js';
import { safeText } from './safe-text.js';

/** Longest a text parameter is shown: a few of them and the sentence around them stay inside one message. */
const MAX_PARAM = 400;

/** The message for `err` in the user's catalogue, its parameters escaped as {@link renderEscaped} does. */
export function renderUserError(err: UserError, t: Catalogue, maxParam = MAX_PARAM): string {
  return renderEscaped(t, err.key, err.params, maxParam);
}

/**
 * A catalogue message whose parameters come from outside. Every string in them, nested ones included (an address the
 * user typed, a feed server's status text, a parser's complaint quoting a file, an OPML title, a query fragment),
 * goes through {@link safeText} on one line, cut to `maxParam`; Herald's own strings there are plain codes
 * (`view-channel`, `html`) that it leaves as they are.
 */
export function renderEscaped<K extends MessageKey>(
  t: Catalogue,
  key: K,
  params: MessageArgs<K>[0],
  maxParam = MAX_PARAM,
): string {
  const message = t[key] as (params?: unknown) => string;
  return message(escapeParams(params, maxParam));
}

function escapeParams(value: unknown, max: number): unknown {
  if (typeof value === 'string') return safeText(value, { oneLine: true, max });
  if (Array.isArray(value)) return value.map((v) => escapeParams(v, max));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeParams(v, max)]));
  }
  return value;
}
