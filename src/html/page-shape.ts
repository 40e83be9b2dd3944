import type { PageLimits, PageRefusal } from './page-limits.js';
import { tokenizeHtml } from './tree.js';

/** What the scan found, counted up to the first limit exceeded. */
export interface PageShape {
  depth: number;
  elements: number;
  textWeight: number;
  /** The first limit exceeded, or null when the page is within all of them. */
  refusal: Extract<PageRefusal, 'too-deep' | 'too-many-nodes' | 'too-much-text'> | null;
}

/** The set of the space-separated names in `lists`. */
const names = (...lists: string[]): Set<string> => new Set(lists.join(' ').split(' '));

// The tree rules of htmlparser2, the parser under linkedom, so that the scan sees the depth the DOM will have.
const VOID = names(
  'area base basefont br col command embed frame hr img input isindex',
  'keygen link meta param source track wbr',
);
const P = names('p');
const FORM = names('input option optgroup select button datalist textarea');
const CLOSE_P = names(
  'h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form hr main',
  'nav ol pre section table ul',
);
/** An open element on top of the stack that a start tag closes first (repeatedly), as htmlparser2 does. */
const IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['p', P],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((n) => [n, FORM] as const),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ...[...CLOSE_P].map((n) => [n, P] as const),
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
]);
/** Elements that switch self-closing tags on (`<path/>` in SVG) or, inside them, back off. */
const FOREIGN = names('svg math');
const INTEGRATION = names('mi mo mn ms mtext annotation-xml foreignobject desc title');
/** Text Readability drops before it reads anything. */
const UNREAD = names('script style noscript template textarea title xmp iframe');

type Refusal = PageShape['refusal'];

/**
 * Scans raw HTML for the shape of the tree a parser would build of it (nesting depth, element count, and text weight:
 * each character of text counted once per element it sits in), without building it: one pass, no recursion, memory
 * bounded by the limits. Stops at the first limit exceeded, so a hostile page costs no more than its first
 * `maxElements` elements.
 */
export function scanPageShape(
  html: string,
  limits: Pick<PageLimits, 'maxDepth' | 'maxElements' | 'maxTextWeight'>,
): PageShape {
  const shape: PageShape = { depth: 0, elements: 0, textWeight: 0, refusal: null };
  const stack: string[] = [];
  const open = new Map<string, number>();
  // Whether `<x/>` closes itself, innermost last; htmlparser2 keeps this apart from the element stack.
  const selfClosing: boolean[] = [];

  const push = (name: string): void => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
  };
  const pop = (): void => {
    const name = stack.pop() ?? '';
    open.set(name, (open.get(name) ?? 1) - 1);
  };
  /** Counts an element placed on top of the stack. */
  const place = (): Refusal => {
    shape.elements++;
    shape.depth = Math.max(shape.depth, stack.length + 1);
    if (shape.elements > limits.maxElements) return 'too-many-nodes';
    return shape.depth > limits.maxDepth ? 'too-deep' : null;
  };
  const start = (name: string, selfClosed: boolean): Refusal => {
    const closes = IMPLIES_CLOSE.get(name);
    while (closes && stack.length > 0 && closes.has(stack[stack.length - 1] ?? '')) pop();
    const refusal = place();
    if (VOID.has(name)) return refusal;
    if (FOREIGN.has(name)) selfClosing.push(true);
    else if (INTEGRATION.has(name)) selfClosing.push(false);
    if (!selfClosed || !selfClosing[selfClosing.length - 1]) push(name);
    return refusal;
  };
  const end = (name: string): Refusal => {
    if (FOREIGN.has(name) || INTEGRATION.has(name)) selfClosing.pop();
    if (open.get(name)) {
      // An end tag closes everything opened after its element.
      while (stack.length > 0 && stack[stack.length - 1] !== name) pop();
      pop();
      return null;
    }
    // Without an open element an end tag is ignored, except that `</p>` and `</br>` make one, as browsers do.
    return name === 'p' || name === 'br' ? place() : null;
  };
  const text = (value: string): Refusal => {
    if (!UNREAD.has(stack[stack.length - 1] ?? '')) shape.textWeight += value.length * stack.length;
    return shape.textWeight > limits.maxTextWeight ? 'too-much-text' : null;
  };

  for (const token of tokenizeHtml(html)) {
    const refusal =
      token.kind === 'text'
        ? text(token.value)
        : token.kind === 'end'
          ? end(token.name)
          : start(token.name, token.selfClosing);
    if (refusal) return { ...shape, refusal };
  }
  return shape;
}
