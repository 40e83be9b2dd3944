import { describe, expect, it } from 'vitest';
import { fieldText, withoutScripts } from '../../../src/feeds/field-text.js';

describe('withoutScripts', () => {
  it('drops script and style elements with what they hold, in any case, with attributes', () => {
    expect(withoutScripts('a<script>alert(1)</script>b')).toBe('a b');
    expect(withoutScripts('a<SCRIPT type="x">x()</Script >b<style media="all">p{}</style>c')).toBe('a b c');
    expect(withoutScripts('a<script src="x.js"/>b')).toBe('a ');
  });

  it('keeps other elements whose names start the same', () => {
    expect(withoutScripts('<scripted>a</scripted><styles>b</styles>')).toBe('<scripted>a</scripted><styles>b</styles>');
  });

  it('drops an unclosed script to the end, and stays linear on many of them', () => {
    expect(withoutScripts('a<script>b')).toBe('a ');
    expect(withoutScripts(`x${'<script></scrip '.repeat(100_000)}`)).toBe('x ');
    expect(withoutScripts(`x${'<style>p{}</style>'.repeat(100_000)}y`)).toBe(`x${' '.repeat(100_000)}y`);
  });
});

describe('fieldText', () => {
  it('removes terminal escapes and bidirectional overrides after decoding entities', () => {
    expect(fieldText('Red \u001b[31malert\u001b[0m &#x202e;gnp.exe')).toBe('Red [31malert[0m gnp.exe');
  });

  it('drops the text of a script when it strips the markup of a title', () => {
    expect(fieldText('Breaking <script>alert("x")</script> news <b>today</b>')).toBe('Breaking news today');
  });
});
