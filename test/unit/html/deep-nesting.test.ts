import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import { type HtmlElement, parseHtml } from '../../../src/html/tree.js';

const BLOCK_TAGS = ['div', 'section', 'blockquote', 'li', 'td', 'article'] as const;
const INLINE_TAGS = ['span', 'b', 'a', 'em', 'small', 'font'] as const;

/** `depth` nested elements (tags cycled from `tags`) around `inner`, closed or left open. */
function nest(depth: number, tags: readonly string[], inner: string, closed = true): string {
  const names = Array.from({ length: depth }, (_, i) => tags[i % tags.length]);
  const close = closed
    ? names
        .map((n) => `</${n}>`)
        .reverse()
        .join('')
    : '';
  return `${names.map((n) => `<${n}>`).join('')}${inner}${close}`;
}

/** The depth of the deepest element, walked without recursion so that the test itself cannot overflow. */
function treeDepth(root: HtmlElement): number {
  let deepest = 0;
  const pending: Array<[HtmlElement, number]> = [[root, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [element, depth] = item;
    deepest = Math.max(deepest, depth);
    for (const child of element.children) if (child.type === 'element') pending.push([child, depth + 1]);
  }
  return deepest;
}

describe('HTML nested thousands deep', () => {
  it('parses 5,000 nested elements into a tree 5,000 deep', () => {
    expect(treeDepth(parseHtml(nest(5000, BLOCK_TAGS, 'deep')))).toBe(5000);
  });

  it('extracts the text of 5,000 nested blocks without overflowing the stack', () => {
    const text = articleText(`<p>Lead.</p>${nest(5000, BLOCK_TAGS, 'Innermost words.')}<p>Tail.</p>`);
    expect(text).toBe('Lead.\n\nInnermost words.\n\nTail.');
  });

  it('checks a 5,000-deep block after an image for a caption without overflowing the stack', () => {
    const text = articleText(`<img src="a.jpg">${nest(5000, ['div'], 'Deep words.')}<p>After.</p>`);
    expect(text).toBe('Deep words.\n\nAfter.');
  });

  it('keeps the text of any 2,000–6,000-deep mix of block and inline tags, closed or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 6000 }),
        fc.constantFrom(BLOCK_TAGS, INLINE_TAGS, [...BLOCK_TAGS, ...INLINE_TAGS]),
        fc.boolean(),
        fc.boolean(),
        (depth, tags, closed, afterImage) => {
          const html = `${afterImage ? '<img src="x.png">' : ''}${nest(depth, tags, 'Words at the bottom.', closed)}`;
          expect(articleText(html)).toBe('Words at the bottom.');
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps a block after an image that has more elements than any caption', () => {
    const spans = (n: number) => Array.from({ length: n }, (_, i) => `<span>w${i}</span>`).join(' ');
    expect(articleText(`<img src="a.jpg"><div>${spans(10)}</div><p>Body.</p>`)).toBe('Body.');
    const many = articleText(`<img src="a.jpg"><div>${spans(65)}</div><p>Body.</p>`);
    expect(many.split('\n\n')).toEqual([expect.stringMatching(/^w0 w1 .* w64$/), 'Body.']);
  });
});
