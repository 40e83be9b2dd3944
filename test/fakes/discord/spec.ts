import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Errors, type FieldError } from './limits.js';

/**
 * Discord's own OpenAPI description of its HTTP API (`../shared/discord-api-spec/openapi.json`, v10), so the fake
 * checks every request's route, query and body against what Discord publishes rather than against memory. The
 * fake's routes keep their hand-written checks for what the spec cannot say (Discord's length counting, the
 * 6,000-character embed total, permissions); this adds the shape: unknown routes, wrong types, missing required
 * fields, enum values, and the lengths and counts the spec declares.
 *
 * The spec's schemas are interpreted, not compiled: a JSON Schema compiler (Ajv) took seconds per operation to build
 * its validators, in every test file that starts a fake, while interpreting the few keywords the spec uses costs
 * microseconds per request. `oneOf` is taken as "one of them matches": Discord's unions are told apart by a `type`
 * field, and the spec's branches can overlap where Discord would not be ambiguous.
 */
const SPEC_PATH = fileURLToPath(new URL('../../../../shared/discord-api-spec/openapi.json', import.meta.url));

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
  required?: boolean;
}
interface SpecDocument {
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  components: { schemas: Record<string, Schema> };
}

/** One path of the spec: `/channels/{channel_id}/messages` as segments, literals first when two match. */
interface SpecPath {
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
  literals: number;
}

let loaded: { doc: SpecDocument; paths: SpecPath[] } | null = null;

/** Reads the spec (a 1.2 MB document, about 0.3 s): a fake does it when it starts, not on its first request. */
export function spec() {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as SpecDocument;
  const paths = Object.keys(doc.paths).map((template) => {
    const segments = template
      .split('/')
      .filter(Boolean)
      .map((part) => (part.startsWith('{') ? { param: part.slice(1, -1) } : { literal: part }));
    return { template, segments, literals: segments.filter((s) => 'literal' in s).length };
  });
  paths.sort((a, b) => b.literals - a.literals);
  loaded = { doc, paths };
  return loaded;
}

/** The spec's template for a request path below `/api/v10` (`/channels/1/messages` → `/channels/{channel_id}/messages`). */
export function specPathOf(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  const found = spec().paths.find(
    (p) =>
      p.segments.length === parts.length &&
      p.segments.every((s, i) => ('param' in s ? (parts[i] as string).length > 0 : s.literal === parts[i])),
  );
  return found?.template ?? null;
}

/** What the spec says of one request. */
export type SpecVerdict =
  /** The spec describes no such route for this method. */
  | { kind: 'unknown-route' }
  | { kind: 'ok'; template: string }
  /** The body or the query breaks the spec: the errors in Discord's 50035 shape. */
  | { kind: 'invalid'; template: string; errors: Errors };

/**
 * Checks a request against the spec: the route exists for the method, the query's declared parameters have their
 * types, and a JSON body (or a multipart request's `payload_json`) matches the operation's request schema.
 */
export function checkRequest(method: string, path: string, body: unknown, query: URLSearchParams): SpecVerdict {
  const template = specPathOf(path);
  if (template === null) return { kind: 'unknown-route' };
  const item = spec().doc.paths[template] as Record<string, Operation | Parameter[]>;
  const operation = item[method.toLowerCase()] as Operation | undefined;
  if (!operation) return { kind: 'unknown-route' };
  const errors = new Errors();

  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query' || !parameter.schema) continue;
    const raw = query.get(parameter.name);
    if (raw === null) {
      if (parameter.required) errors.add([parameter.name], REQUIRED);
      continue;
    }
    report(errors, check(parameter.schema, queryValue(raw, resolve(parameter.schema)), [parameter.name]));
  }

  const schema = operation.requestBody?.content?.['application/json']?.schema;
  if (schema && body !== undefined) report(errors, check(schema, withoutUploads(body), []));
  return errors.empty ? { kind: 'ok', template } : { kind: 'invalid', template, errors };
}

interface Problem {
  path: Array<string | number>;
  error: FieldError;
}

const REQUIRED: FieldError = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };

/** One error per field, in Discord's nested shape. */
function report(errors: Errors, problems: Problem[]): void {
  const seen = new Set<string>();
  for (const { path, error } of problems) {
    const key = path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    errors.add(path, error);
  }
}

/** A `$ref` followed to its component. */
function resolve(schema: Schema): Schema {
  let current = schema;
  while (typeof current.$ref === 'string') {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = spec().doc.components.schemas[name];
    if (!target) throw new Error(`Discord's spec has no schema ${current.$ref}`);
    current = target;
  }
  return current;
}

/** The problems of `value` under `schema` (none: it matches). */
function check(schema: Schema, value: unknown, path: Array<string | number>): Problem[] {
  const s = resolve(schema);
  const problems: Problem[] = [];
  const fail = (code: string, message: string, at = path) => problems.push({ path: at, error: { code, message } });

  if (s.type !== undefined && !typeMatches(s, value)) {
    fail('BASE_TYPE_BAD_TYPE', `Must be of type ${[s.type].flat().join(' or ')}.`);
    return problems;
  }
  if (s.const !== undefined && value !== s.const)
    fail('BASE_TYPE_CHOICES', `Value must be ${JSON.stringify(s.const)}.`);
  if (Array.isArray(s.enum) && !s.enum.includes(value))
    fail('BASE_TYPE_CHOICES', `Value must be one of ${JSON.stringify(s.enum)}.`);

  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.maxLength === 'number' && length > s.maxLength)
      fail('BASE_TYPE_MAX_LENGTH', `Must be ${s.maxLength} or fewer in length.`);
    if (typeof s.minLength === 'number' && length < s.minLength)
      fail('BASE_TYPE_MIN_LENGTH', `Must be ${s.minLength} or more in length.`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
      fail('BASE_TYPE_INVALID', 'Value is not valid.');
  }
  if (typeof value === 'number') {
    if (typeof s.maximum === 'number' && value > s.maximum)
      fail('NUMBER_TYPE_MAX', `Value must be less than or equal to ${s.maximum}.`);
    if (typeof s.minimum === 'number' && value < s.minimum)
      fail('NUMBER_TYPE_MIN', `Value must be greater than or equal to ${s.minimum}.`);
  }
  if (Array.isArray(value)) {
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      fail('BASE_TYPE_MAX_LENGTH', `Must be ${s.maxItems} or fewer in length.`);
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      fail('BASE_TYPE_MIN_LENGTH', `Must be ${s.minItems} or more in length.`);
    if (s.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      fail('BASE_TYPE_INVALID', 'Items must be unique.');
    if (s.items && typeof s.items === 'object')
      value.forEach((item, i) => {
        problems.push(...check(s.items as Schema, item, [...path, i]));
      });
  }
  if (isObject(value)) {
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const name of (s.required ?? []) as string[])
      if (value[name] === undefined) problems.push({ path: [...path, name], error: REQUIRED });
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      fail('BASE_TYPE_MAX_LENGTH', `Must have ${s.maxProperties} or fewer properties.`);
    for (const key of keys) {
      const property = properties[key];
      if (property) problems.push(...check(property, value[key], [...path, key]));
      else if (s.additionalProperties === false) fail('BASE_TYPE_INVALID', 'Unknown field.', [...path, key]);
      else if (isObject(s.additionalProperties))
        problems.push(...check(s.additionalProperties as Schema, value[key], [...path, key]));
    }
  }

  for (const part of (s.allOf ?? []) as Schema[]) problems.push(...check(part, value, path));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = s[keyword] as Schema[] | undefined;
    if (!branches) continue;
    const tried = branches.map((branch) => check(branch, value, path));
    if (tried.some((p) => p.length === 0)) continue;
    // None matches: the branch that came closest says what is wrong — one of the value's own type, with the fewest
    // problems (`[null, enum]` answers "not one of the choices", not "not null").
    const distance = (p: Problem[]) =>
      p.length + (p.some((q) => q.error.code === 'BASE_TYPE_BAD_TYPE' && q.path.length === path.length) ? 1e6 : 0);
    problems.push(...(tried.sort((a, b) => distance(a) - distance(b))[0] ?? []));
  }
  return problems;
}

/**
 * JSON Schema's types, and a 64-bit integer (`int64`, or a maximum past 2^53) written as a decimal string: Discord
 * documents such values (permission bit sets) as strings and takes them so; discord.js sends
 * `default_member_permissions` that way.
 */
function typeMatches(s: Schema, value: unknown): boolean {
  const types = [s.type].flat() as string[];
  const wide = s.format === 'int64' || (typeof s.maximum === 'number' && s.maximum > Number.MAX_SAFE_INTEGER);
  return types.some((type) => {
    switch (type) {
      case 'null':
        return value === null;
      case 'boolean':
        return typeof value === 'boolean';
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'integer':
        return Number.isInteger(value) || (wide && typeof value === 'string' && /^-?[0-9]+$/.test(value));
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isObject(value);
      default:
        return true;
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A query string's value as the JSON type its schema declares (`?wait=true` is a boolean). */
function queryValue(raw: string, schema: Schema): unknown {
  const types = [schema.type].flat();
  if (types.includes('boolean')) return raw === 'true' ? true : raw === 'false' ? false : raw;
  if ((types.includes('integer') || types.includes('number')) && raw.trim() !== '' && Number.isFinite(Number(raw)))
    return Number(raw);
  return raw;
}

/** The fake keeps uploaded files beside the JSON payload; the spec's JSON body has no such field. */
function withoutUploads(body: unknown): unknown {
  if (!isObject(body) || !('files' in body)) return body;
  const { files: _files, ...rest } = body;
  return rest;
}
