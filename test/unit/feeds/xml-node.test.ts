import { describe, expect, it } from 'vitest';
import { textOf } from '../../../src/feeds/xml-node.js';

/** An xml2js-shaped element nested `depth` levels deep (`<b><b>…text…</b></b>`), built without recursion. */
function nested(depth: number, text: string): unknown {
  let node: unknown = text;
  for (let i = 0; i < depth; i++) node = { b: [node] };
  return node;
}

describe('textOf', () => {
  it('reads its own text first, then its children space-separated, and runs array items together', () => {
    expect(textOf({ _: 'Tom', $: { lang: 'en' }, b: ['and'], i: [{ _: 'Jerry' }] })).toBe('Tom and Jerry');
    expect(textOf([{ _: 'a' }, 'b', 3])).toBe('ab3');
    expect(textOf({ $: { href: 'x' } })).toBe('');
    expect(textOf(null)).toBe('');
  });

  it('reads text nested far deeper than the call stack goes', () => {
    expect(textOf(nested(50_000, 'deep')).trim()).toBe('deep');
  });
});
