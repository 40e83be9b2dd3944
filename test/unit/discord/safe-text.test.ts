import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkTarget, MAX_LINK, safeText } from '../../../src/discord/safe-text.js';
import { truncate } from '../../../src/discord/text.js';
import { stripControlChars } from '../../../src/text/control.js';
import { markdownHazards, visibleText } from '../../support/discord-markdown.js';
import { hostileText } from '../../support/hostile-text.js';

const PHISH = '[Click here to verify your Discord account](https://evil.example/phish)';
/** The input as a reader should see it: without control characters, and without zero-width spaces after `@`/`<`. */
const asWritten = (text: string) => stripControlChars(text).replace(/([@<])\u200b/g, '$1');
const oneLine = (text: string) => asWritten(text).replace(/\s+/g, ' ').trim();
/** What a reader sees of a cut text, without the ellipsis. */
const cutVisible = (text: string) => visibleText(text.endsWith('…') ? text.slice(0, -1) : text);

describe('safeText', () => {
  it('shows a masked link as the text it is, not as a link', () => {
    const out = safeText(`${PHISH} now`);
    expect(out).toBe('\\[Click here to verify your Discord account\\]\\(https://evil.example/phish) now');
    expect(markdownHazards(out)).toEqual([]);
    expect(markdownHazards(safeText('[x](<https://evil.example/a>)'))).toEqual([]);
  });

  it('escapes headers, subtext, quotes and list items at every line start, and spoilers, code and emphasis', () => {
    const text =
      '# Big\n  ## b\n-# small\n> quote\n>>> all\n- item\n+ item\n12. item\n||spoiler|| `code` ```x``` *a* __u__ ~~s~~';
    const out = safeText(text);
    expect(out.split('\n')).toEqual([
      '\\# Big',
      '  \\## b',
      '\\-# small',
      '\\> quote',
      '\\>>> all',
      '\\- item',
      '\\+ item',
      '12\\. item',
      '\\|\\|spoiler\\|\\| \\`code\\` \\`\\`\\`x\\`\\`\\` \\*a\\* \\_\\_u\\_\\_ \\~\\~s\\~\\~',
    ]);
    expect(markdownHazards(out)).toEqual([]);
    expect(visibleText(out)).toBe(text);
  });

  it('makes mentions inert with a zero-width space that survives copying, and drops control characters', () => {
    const out = safeText('@everyone @here <@123> <@!4> <@&5> <#6> </cmd:7> <t:1:R> \u0000\u001b[31mred\u202e');
    expect(out).toBe(
      '@\u200beveryone @\u200bhere <\u200b@123> <\u200b@!4> <\u200b@&5> <\u200b#6> <\u200b/cmd:7> <\u200bt:1:R> \\[31mred',
    );
    expect(markdownHazards(out)).toEqual([]);
  });

  it('leaves bare addresses as text that still works as a link: Discord shows where they lead', () => {
    expect(safeText('see https://example.com/a and <https://example.com/b>')).toBe(
      'see https://example.com/a and <https://example.com/b>',
    );
    // A backslash inside an address would become part of the link, and Markdown there is inert anyway.
    expect(safeText('*see* https://en.wikipedia.org/wiki/New_York_(state) or https://x.example/a*b~c_')).toBe(
      '\\*see\\* https://en.wikipedia.org/wiki/New_York_(state) or https://x.example/a*b~c_',
    );
    // What could still open a spoiler, code span or link is escaped, even there.
    const out = safeText('https://x.example/||a||`b`[c](https://evil.example/d)');
    expect(out).toBe('https://x.example/\\|\\|a\\|\\|\\`b\\`\\[c\\]\\(https://evil.example/d)');
    expect(markdownHazards(out)).toEqual([]);
  });

  it('never lets text end a link Herald wraps around it: Discord does not read escapes in link text', () => {
    const title = safeText('a](https://evil.example/phish) [');
    expect(title).toBe('a\\]\\(https://evil.example/phish) \\[');
    expect(`[${title}](<https://news.example/a>)`).not.toMatch(/\]\(https:\/\/evil/);
  });

  it('is checked by a model of Discord that sees what unescaped text would do', () => {
    expect(markdownHazards(`# Big\n-# small\n> q\n- item\n${PHISH} ||s|| @everyone <@1>\u0007\\`)).toEqual([
      'control character',
      'live mass mention',
      'live user, role or channel mention',
      'masked link',
      'spoiler',
      'unescaped Markdown character',
      'trailing lone backslash',
      'header',
      'subtext',
      'quote',
      'list item',
    ]);
    expect(markdownHazards('a\\](b')).toEqual(['link text end']);
  });

  it('writes nothing a plain field would show as a backslash, yet keeps mentions inert', () => {
    expect(safeText('**Feed**\n@everyone <@1>\u0007', { plain: true, oneLine: true })).toBe(
      '**Feed** @\u200beveryone <\u200b@1>',
    );
  });

  it('leaves no live Markdown, mention or control character in any text, and shows the text as written', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        const out = safeText(text);
        expect(markdownHazards(out)).toEqual([]);
        expect(visibleText(out)).toBe(asWritten(text));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps one-line text on one line and cuts it within its limit, never inside an escape pair', () => {
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 2, max: 300 }), (text, max) => {
        const out = safeText(text, { oneLine: true, max });
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(markdownHazards(out)).toEqual([]);
        const whole = oneLine(text);
        if (out.endsWith('…') && out !== safeText(text, { oneLine: true })) {
          expect(whole.startsWith(cutVisible(out))).toBe(true);
        } else {
          expect(visibleText(out)).toBe(whole);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('changes plain text only by the control characters it drops and the mentions it breaks', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        const out = safeText(text, { plain: true });
        expect(out.replace(/([@<])\u200b/g, '$1')).toBe(asWritten(text));
        expect(markdownHazards(out).filter((h) => /control|live/.test(h))).toEqual([]);
      }),
    );
  });
});

describe('truncate', () => {
  it('never ends an escaped text in a lone backslash, wherever the cut falls', () => {
    // Before: escaping `a…a*b` and cutting at 256 kept the backslash of `\*` and dropped the star.
    const escaped = safeText(`${'a'.repeat(254)}*bold*`);
    expect(truncate(escaped, 256)).toBe(`${'a'.repeat(254)}…`);
    fc.assert(
      fc.property(hostileText(), fc.integer({ min: 1, max: 400 }), (text, max) => {
        const out = truncate(safeText(text), max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
        expect(out).not.toMatch(/(?<!\\)(?:\\\\)*\\…?$/);
      }),
    );
  });
});

describe('linkTarget', () => {
  it('takes http(s) addresses only, encodes what would end the link, and leaves out one too long to show', () => {
    expect(linkTarget('https://example.com/a (b)<c>')).toBe('https://example.com/a%20%28b%29%3Cc%3E');
    expect(linkTarget('javascript:alert(1)')).toBeNull();
    expect(linkTarget(null)).toBeNull();
    expect(linkTarget(`https://example.com/${'a'.repeat(MAX_LINK)}`)).toBeNull();
    expect(linkTarget(`https://example.com/${'('.repeat(700)}`)).toBeNull();
    expect(linkTarget('https://example.com/abc', 20)).toBeNull();
  });

  it('writes an @everyone or @here in the path or query as %40, and leaves out an address whose user name is one', () => {
    expect(linkTarget('https://medium.com/@heretic/post?by=@Everyone&x=@bob')).toBe(
      'https://medium.com/%40heretic/post?by=%40Everyone&x=@bob',
    );
    expect(linkTarget('https://evil.example/x@here')).toBe('https://evil.example/x%40here');
    expect(linkTarget('https://x@here.example/a')).toBeNull();
    expect(linkTarget('https://me@news.example/@here')).toBe('https://me@news.example/%40here');
  });
});
