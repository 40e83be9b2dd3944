/** One entry of a field's `_errors` list in Discord's 50035 answer. */
export interface FieldError {
  code: string;
  message: string;
}

/** The nested `errors` object of a 50035 answer: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export interface ErrorTree {
  [key: string]: ErrorTree | FieldError[];
}

/** Discord's message, embed and command limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  nonce: 25,
  url: 2048,
} as const;

/**
 * Length the way Discord counts it. Discord's API is Python 3 and counts Unicode code points, not UTF-16 code units
 * ("Our API uses Python 3, so the API calculates length based on the number of codepoints", discord-api-docs#1315):
 * an emoji outside the BMP is 1, a ZWJ sequence is one per code point. Counting UTF-16 units would reject payloads
 * Discord accepts, so the fake counts code points.
 */
export function discordLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const maxLength = (max: number): FieldError => ({
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
});
const REQUIRED: FieldError = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
const NOT_STRING: FieldError = { code: 'BASE_TYPE_STRING', message: 'Must be a string.' };

/** Collects field errors into Discord's nested shape. */
export class Errors {
  readonly tree: ErrorTree = {};
  private count = 0;

  add(path: Array<string | number>, error: FieldError): void {
    let node = this.tree;
    for (const key of path) {
      const next = node[String(key)];
      if (next && !Array.isArray(next)) node = next;
      else node = node[String(key)] = {};
    }
    const list = (node._errors as FieldError[] | undefined) ?? [];
    list.push(error);
    node._errors = list;
    this.count++;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Checks an optional string field against a maximum length; returns its length (0 when absent). */
  text(path: Array<string | number>, value: unknown, max: number, required = false): number {
    if (value === undefined || value === null) {
      if (required) this.add(path, REQUIRED);
      return 0;
    }
    if (typeof value !== 'string') {
      this.add(path, NOT_STRING);
      return 0;
    }
    const length = discordLength(value);
    if (length > max) this.add(path, maxLength(max));
    return length;
  }

  url(path: Array<string | number>, value: unknown, allowAttachment: boolean) {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') return this.add(path, NOT_STRING);
    if (discordLength(value) > LIMITS.url) return this.add(path, maxLength(LIMITS.url));
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
    const allowed = allowAttachment ? ['http', 'https', 'attachment'] : ['http', 'https'];
    if (!scheme) this.add(path, { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
    else if (!allowed.includes(scheme)) {
      const list = allowed.map((s) => `'${s}'`).join(', ');
      this.add(path, {
        code: 'URL_TYPE_INVALID_SCHEME',
        message: `Scheme "${scheme}" is not supported. Scheme must be one of (${list}).`,
      });
    }
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Result of checking a message body: field errors (answered as 50035) and whether it carries nothing to show. */
export interface MessageCheck {
  errors: Errors;
  empty: boolean;
}

/**
 * Checks a create/edit message body against Discord's limits. `prefix` nests the errors (`['data']` for an
 * interaction callback, as Discord does).
 */
export function checkMessage(body: Json, prefix: Array<string | number> = []): MessageCheck {
  const errors = new Errors();
  const at = (...path: Array<string | number>) => [...prefix, ...path];
  errors.text(at('content'), body.content, LIMITS.content);

  const embeds = body.embeds ?? [];
  if (!Array.isArray(embeds)) errors.add(at('embeds'), { code: 'BASE_TYPE_LIST', message: 'Must be a list.' });
  else {
    if (embeds.length > LIMITS.embeds) errors.add(at('embeds'), maxLength(LIMITS.embeds));
    let total = 0;
    embeds.forEach((embed: unknown, i) => {
      total += checkEmbed(errors, embed, at('embeds', i));
    });
    if (total > LIMITS.embedTotal) {
      errors.add(at('embeds'), {
        code: 'MAX_EMBED_SIZE_EXCEEDED',
        message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
      });
    }
  }

  checkNonce(errors, body.nonce, at('nonce'));
  checkAllowedMentions(errors, body.allowed_mentions, at('allowed_mentions'));

  const has = (v: unknown) => (typeof v === 'string' ? v.length > 0 : Array.isArray(v) ? v.length > 0 : Boolean(v));
  const empty = ![body.content, body.embeds, body.components, body.sticker_ids, body.attachments, body.poll].some(has);
  return { errors, empty };
}

function checkEmbed(errors: Errors, embed: unknown, path: Array<string | number>): number {
  if (!isObject(embed)) {
    errors.add(path, { code: 'MODEL_TYPE_CONVERT', message: 'Expected an object/dictionary.' });
    return 0;
  }
  let total = errors.text([...path, 'title'], embed.title, LIMITS.title);
  total += errors.text([...path, 'description'], embed.description, LIMITS.description);
  errors.url([...path, 'url'], embed.url, false);
  if (embed.timestamp !== undefined && Number.isNaN(Date.parse(String(embed.timestamp)))) {
    errors.add([...path, 'timestamp'], {
      code: 'DATE_TIME_TYPE_PARSE',
      message: `Could not parse ${String(embed.timestamp)}. Should be ISO8601.`,
    });
  }
  if (embed.color !== undefined && embed.color !== null) {
    const color = embed.color;
    if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff) {
      errors.add([...path, 'color'], {
        code: 'NUMBER_TYPE_MAX',
        message: 'int value should be less than or equal to 16777215.',
      });
    }
  }
  if (isObject(embed.footer)) total += errors.text([...path, 'footer', 'text'], embed.footer.text, LIMITS.footer, true);
  if (isObject(embed.author)) {
    total += errors.text([...path, 'author', 'name'], embed.author.name, LIMITS.author, true);
    errors.url([...path, 'author', 'url'], embed.author.url, false);
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (isObject(media)) errors.url([...path, key, 'url'], media.url, true);
  }
  const fields = embed.fields ?? [];
  if (Array.isArray(fields)) {
    if (fields.length > LIMITS.fields) errors.add([...path, 'fields'], maxLength(LIMITS.fields));
    fields.forEach((field: unknown, j) => {
      const f = isObject(field) ? field : {};
      total += errors.text([...path, 'fields', j, 'name'], f.name, LIMITS.fieldName, true);
      total += errors.text([...path, 'fields', j, 'value'], f.value, LIMITS.fieldValue, true);
    });
  }
  return total;
}

function checkNonce(errors: Errors, nonce: unknown, path: Array<string | number>) {
  if (nonce === undefined || nonce === null) return;
  if (typeof nonce === 'number' && Number.isSafeInteger(nonce)) return;
  if (typeof nonce !== 'string') {
    return errors.add(path, { code: 'NONCE_TYPE_INVALID_TYPE', message: 'This field must be a string or integer.' });
  }
  if (discordLength(nonce) > LIMITS.nonce) errors.add(path, maxLength(LIMITS.nonce));
}

function checkAllowedMentions(errors: Errors, value: unknown, path: Array<string | number>) {
  if (value === undefined || value === null) return;
  if (!isObject(value))
    return errors.add(path, { code: 'MODEL_TYPE_CONVERT', message: 'Expected an object/dictionary.' });
  const parse = Array.isArray(value.parse) ? value.parse : [];
  parse.forEach((p: unknown, i) => {
    if (p !== 'roles' && p !== 'users' && p !== 'everyone') {
      errors.add([...path, 'parse', i], {
        code: 'BASE_TYPE_CHOICES',
        message: "Value must be one of {'roles', 'users', 'everyone'}.",
      });
    }
  });
  for (const kind of ['roles', 'users'] as const) {
    const ids = value[kind];
    if (!Array.isArray(ids)) continue;
    if (ids.length > 100) errors.add([...path, kind], maxLength(100));
    if (ids.length > 0 && parse.includes(kind)) {
      errors.add([...path, 'parse'], {
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
  }
}
