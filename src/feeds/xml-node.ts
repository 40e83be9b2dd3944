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

/** A node {@link textOf} has opened: its own text (null for an array) and the text of the children read so far. */
interface OpenNode {
  own: string | null;
  children: unknown[];
  next: number;
  parts: string[];
}

/** The text of a node that has no children to read, or null when it has some. */
function leafText(node: unknown): string | null {
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  return Array.isArray(node) || isObject(node) ? null : '';
}

function open(node: unknown): OpenNode {
  if (Array.isArray(node)) return { own: null, children: node, next: 0, parts: [] };
  const record = node as XmlObject;
  const children = Object.entries(record)
    .filter(([key]) => key !== '_' && key !== '$')
    .map(([, child]) => child);
  return { own: typeof record._ === 'string' ? record._ : '', children, next: 0, parts: [] };
}

/** An array's texts run together; an element's own text comes first, then its children's, space-separated. */
function close(node: OpenNode): string {
  if (node.own === null) return node.parts.join('');
  const children = node.parts.join(' ');
  return children ? `${node.own} ${children}` : node.own;
}

/**
 * All text inside a node (its own text, then its children's), or '' for none. Walks with its own stack, not by
 * recursion: a hostile document nests elements deeper than the call stack goes.
 */
export function textOf(node: unknown): string {
  const leaf = leafText(node);
  if (leaf !== null) return leaf;
  const stack: OpenNode[] = [open(node)];
  for (;;) {
    const top = stack[stack.length - 1] as OpenNode;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      const text = leafText(child);
      if (text === null) stack.push(open(child));
      else top.parts.push(text);
      continue;
    }
    stack.pop();
    const text = close(top);
    const parent = stack[stack.length - 1];
    if (!parent) return text;
    parent.parts.push(text);
  }
}

/** The first non-empty text among the given nodes (each may be an array of nodes), trimmed, or null. */
export function firstText(...nodes: unknown[]): string | null {
  for (const group of nodes) {
    for (const node of asArray(group)) {
      const text = textOf(node).trim();
      if (text) return text;
    }
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
