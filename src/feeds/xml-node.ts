/**
 * Readers for the loosely shaped values xml2js produces (through rss-parser): a string, an object with text in
 * `_`, attributes in `$` and children as arrays, or an array of those.
 */

type XmlObject = { [key: string]: unknown };

const isObject = (value: unknown): value is XmlObject => typeof value === 'object' && value !== null;

/** The value as an array: arrays as they are, a missing value as `[]`, anything else as a one-element array. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** All text inside a node (its own text, then its children's), or '' for none. */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (!isObject(node)) return '';
  const own = typeof node._ === 'string' ? node._ : '';
  const children = Object.entries(node)
    .filter(([key]) => key !== '_' && key !== '$')
    .map(([, child]) => textOf(child))
    .join(' ');
  return children ? `${own} ${children}` : own;
}

/** The first non-empty text among the given nodes (each may be an array of nodes), trimmed, or null. */
export function firstText(...nodes: unknown[]): string | null {
  for (const node of nodes.flatMap(asArray)) {
    const text = textOf(node).trim();
    if (text) return text;
  }
  return null;
}

/** An attribute of a node (`$[name]`), or null. */
export function attrOf(node: unknown, name: string): string | null {
  if (!isObject(node) || !isObject(node.$)) return null;
  const value = node.$[name];
  return typeof value === 'string' ? value : null;
}

/** A child of a node by element name, as an array. */
export function childrenOf(node: unknown, name: string): unknown[] {
  return isObject(node) ? asArray(node[name]) : [];
}

/** A field rss-parser copied as a string (or `{ _ }`), or null. */
export function stringField(record: XmlObject, key: string): string | null {
  const value = record[key];
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value._ === 'string') return value._;
  return null;
}
