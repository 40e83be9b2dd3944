import { decodeEntities } from './entities.js';

/** A node of the forgiving tree that {@link parseHtml} builds: enough structure to drop blocks, not a DOM. */
export type HtmlNode = HtmlElement | { type: 'text'; value: string };

export interface HtmlElement {
  type: 'element';
  /** Lower-case tag name. */
  name: string;
  /** Lower-case attribute names, decoded values. */
  attrs: ReadonlyMap<string, string>;
  children: HtmlNode[];
}

/** A piece of HTML as {@link tokenizeHtml} reads it; text is raw (entities not decoded). */
export type HtmlToken =
  | { kind: 'text'; value: string }
  | { kind: 'start'; name: string; attrs: Map<string, string>; selfClosing: boolean }
  | { kind: 'end'; name: string };

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Elements whose content is not markup: it runs to the matching end tag, whatever it contains. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
/** Block starts that implicitly close an open `<p>`, as the HTML parser does. */
const CLOSES_P = new Set([
  'p',
  'div',
  'ul',
  'ol',
  'table',
  'blockquote',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'hr',
]);

const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttrs(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/**
 * Index of the `>` closing a tag that starts at `from`, skipping `>` inside quoted attribute values (a quote
 * opens a value only right after `=`, so a stray apostrophe cannot swallow the rest of the document).
 */
function tagEnd(html: string, from: number): number {
  let quote = '';
  let afterEquals = false;
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && afterEquals) {
      quote = c;
    } else if (c === '>') {
      return i;
    }
    if (c === '=') afterEquals = true;
    else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') afterEquals = false;
  }
  return -1;
}

/**
 * Splits HTML into text, start tags and end tags in one pass, without recursion or backtracking. Comments, doctypes
 * and processing instructions are skipped; CDATA is text; the content of `<script>`, `<style>` and other raw-text
 * elements is one text token.
 */
export function* tokenizeHtml(html: string): Generator<HtmlToken> {
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      yield { kind: 'text', value: html.slice(i) };
      return;
    }
    if (lt > i) yield { kind: 'text', value: html.slice(i, lt) };
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt);
      // CDATA content is literal text, so escape what decodeEntities would otherwise touch later.
      yield { kind: 'text', value: html.slice(lt + 9, end < 0 ? html.length : end).replaceAll('&', '&amp;') };
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/.exec(html.slice(lt, lt + 64));
    if (!tag && html[lt + 1] !== '!' && html[lt + 1] !== '?') {
      // A bare `<` (as in "a < b") is text.
      yield { kind: 'text', value: '<' };
      i = lt + 1;
      continue;
    }
    const end = tagEnd(html, lt + 1);
    if (end < 0) return;
    i = end + 1;
    if (!tag) continue; // doctype, processing instruction
    const name = (tag[2] ?? '').toLowerCase();
    if (tag[1]) {
      yield { kind: 'end', name };
      continue;
    }
    const inner = html.slice(lt + tag[0].length, end);
    yield { kind: 'start', name, attrs: parseAttrs(inner), selfClosing: inner.trimEnd().endsWith('/') };
    if (RAW_TEXT.has(name)) {
      const closing = new RegExp(`</${name}[\\s/>]`, 'gi');
      closing.lastIndex = i;
      const stop = closing.exec(html)?.index ?? html.length;
      yield { kind: 'text', value: html.slice(i, stop) };
      i = stop;
    }
  }
}

/**
 * Parses HTML into a tree, forgiving as browsers are: void elements need no end tag, a stray end tag is ignored,
 * an end tag closes the elements left open inside it, and a block start closes an open `<p>`.
 * Text nodes hold decoded text.
 */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { type: 'element', name: '#root', attrs: new Map(), children: [] };
  const stack: HtmlElement[] = [root];
  const current = (): HtmlElement => stack[stack.length - 1] ?? root;
  for (const token of tokenizeHtml(html)) {
    if (token.kind === 'text') {
      current().children.push({ type: 'text', value: decodeEntities(token.value) });
    } else if (token.kind === 'start') {
      if (CLOSES_P.has(token.name) && current().name === 'p') stack.pop();
      const element: HtmlElement = { type: 'element', name: token.name, attrs: token.attrs, children: [] };
      current().children.push(element);
      if (!VOID.has(token.name) && !token.selfClosing) stack.push(element);
    } else {
      const at = stack.findLastIndex((e) => e.name === token.name);
      if (at > 0) stack.length = at;
    }
  }
  return root;
}
