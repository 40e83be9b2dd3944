import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { PAGE_LIMITS } from '../../../src/html/page-limits.js';
import { scanPageShape } from '../../../src/html/page-shape.js';

const UNLIMITED = { maxDepth: Number.MAX_SAFE_INTEGER, maxElements: Number.MAX_SAFE_INTEGER, maxTextWeight: Infinity };
const page = (body: string) => `<html><body>${body}</body></html>`;

/** As much of a linkedom element as the test walks. */
interface DomElement {
  children: ArrayLike<DomElement>;
}

/** Depth and element count of the DOM linkedom builds, walked without recursion. */
function domShape(html: string): { depth: number; elements: number } {
  const root = (parseHTML(html).document as unknown as { documentElement: DomElement | null }).documentElement;
  let depth = 0;
  let elements = 0;
  const pending: Array<[DomElement, number]> = root ? [[root, 1]] : [];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [element, level] = item;
    elements++;
    depth = Math.max(depth, level);
    for (const child of Array.from(element.children)) pending.push([child, level + 1]);
  }
  return { depth, elements };
}

describe('scanPageShape', () => {
  it('refuses HTML nested 5,000 deep after reading no more than the allowed depth of it', () => {
    const html = page(`${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}`);
    expect(scanPageShape(html, PAGE_LIMITS)).toEqual({
      depth: PAGE_LIMITS.maxDepth + 1,
      elements: PAGE_LIMITS.maxDepth + 1,
      textWeight: 0,
      refusal: 'too-deep',
    });
  });

  it('closes what the parser closes: unclosed list items, paragraphs, cells and options do not nest', () => {
    const sloppy = page(
      `<ul>${'<li>item'.repeat(500)}</ul>${'<p>para'.repeat(500)}<table>${'<tr><td>cell'.repeat(300)}</table>` +
        `<select>${'<option>o'.repeat(300)}</select>${'<img src=x><br>'.repeat(300)}</p></br>`,
    );
    const shape = scanPageShape(sloppy, PAGE_LIMITS);
    expect(shape.refusal).toBeNull();
    expect({ depth: shape.depth, elements: shape.elements }).toEqual(domShape(sloppy));
  });

  it('counts depth and elements as linkedom builds them, for any soup of common tags', () => {
    const tag = fc.constantFrom(
      'div',
      'p',
      'li',
      'ul',
      'td',
      'tr',
      'table',
      'tbody',
      'b',
      'span',
      'br',
      'img',
      'h2',
      'section',
      'option',
      'select',
      'dd',
      'dt',
      'a',
      'svg',
      'path',
      'math',
      'mi',
      'desc',
    );
    const token = fc.oneof(
      tag.map((t) => `<${t}>`),
      tag.map((t) => `</${t}>`),
      tag.map((t) => `<${t}/>`),
      fc.constantFrom('text', ' ', '&amp;'),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 300 }), (tokens) => {
        const html = page(tokens.join(''));
        const { depth, elements } = scanPageShape(html, UNLIMITED);
        expect({ depth, elements }).toEqual(domShape(html));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses more elements than the limit, counting void ones, and stops counting there', () => {
    const html = page('<span>x</span><img src=x>'.repeat(PAGE_LIMITS.maxElements));
    expect(scanPageShape(html, PAGE_LIMITS)).toMatchObject({
      elements: PAGE_LIMITS.maxElements + 1,
      refusal: 'too-many-nodes',
    });
    expect(scanPageShape(page('<img>'.repeat(PAGE_LIMITS.maxElements - 2)), PAGE_LIMITS).refusal).toBeNull();
  });

  it('weighs text by its depth, leaves out scripts and styles, and refuses past the limit', () => {
    const shape = scanPageShape(
      page(`<div>${'a'.repeat(10)}<p>${'b'.repeat(5)}</p><script>${'c'.repeat(1000)}</script><style>x{}</style></div>`),
      UNLIMITED,
    );
    // html > body > div: depth 3 for the a's, 4 for the b's.
    expect(shape.textWeight).toBe(10 * 3 + 5 * 4);
    const heavy = page(`${'<div>'.repeat(40)}${'word '.repeat(PAGE_LIMITS.maxTextWeight / 200)}${'</div>'.repeat(40)}`);
    expect(scanPageShape(heavy, PAGE_LIMITS).refusal).toBe('too-much-text');
    const flat = page(`<p>${'word '.repeat(PAGE_LIMITS.maxTextWeight / 200)}</p>`);
    expect(scanPageShape(flat, PAGE_LIMITS).refusal).toBeNull();
  });
});
