import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../../src/feeds/xml-depth.js';

const nest = (depth: number, inner = 'x') => `${'<a>'.repeat(depth)}${inner}${'</a>'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts open elements, not self-closing ones, siblings or closed ones', () => {
    expect(nestsDeeperThan(nest(3), 3)).toBe(false);
    expect(nestsDeeperThan(nest(4), 3)).toBe(true);
    expect(nestsDeeperThan(`<r>${'<a/>'.repeat(100)}${'<a></a>'.repeat(100)}</r>`, 2)).toBe(false);
    expect(nestsDeeperThan(`<r>${'<a x="1" />'.repeat(10)}</r>`, 1)).toBe(false);
  });

  it('skips markup that opens no element: comments, CDATA, processing instructions, declarations', () => {
    const hidden = `<!-- ${'<a>'.repeat(10)} --><![CDATA[${'<a>'.repeat(10)}]]><?pi ${'<a>'.repeat(10)}?>`;
    const doctype = `<!DOCTYPE r [<!ENTITY e "<a><a><a>">]>`;
    expect(nestsDeeperThan(`<?xml version="1.0"?>${doctype}<r>${hidden}</r>`, 1)).toBe(false);
  });

  it('is not fooled by a > inside a quoted attribute value', () => {
    expect(nestsDeeperThan(`<r t="a>b"><a u='>'><a>x</a></a></r>`, 2)).toBe(true);
    expect(nestsDeeperThan(`<r t="a/>"><a>x</a></r>`, 1)).toBe(true);
  });

  it('gives its verdict on 500,000 nested tags', () => {
    expect(nestsDeeperThan(nest(500_000), 256)).toBe(true);
  });
});
