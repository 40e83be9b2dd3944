import { describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import { decodeEntities } from '../../../src/html/entities.js';
import { dwSeed, englishArticle } from '../summarize/fixtures.js';

/** The text of each `<p>` of the seed, tags stripped: what a reader sees as the article's paragraphs. */
function seedParagraphs(html: string): string[] {
  return [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ''));
}

describe('articleText on the DW seed', () => {
  const { html } = dwSeed();
  const text = articleText(html);
  const paragraphs = text.split('\n\n');

  it('keeps the lead paragraph first and every body paragraph, in order, one per block', () => {
    const body = seedParagraphs(html).filter((p) => !p.startsWith('©'));
    expect(body).toHaveLength(15);
    expect(paragraphs).toEqual(body);
    expect(paragraphs[0]).toMatch(/^（德國之聲中文網）美國國務卿布林肯/);
  });

  it('drops both image captions', () => {
    expect(text).not.toContain('4月26日，美國國務卿布林肯和中國外長王毅在北京會晤');
    expect(text).not.toContain('圖為中國外長王毅26日與美方會談');
  });

  it('drops the copyright footer, the leading date line and every URL', () => {
    expect(text).not.toMatch(/版權聲明|©/);
    expect(text).not.toContain('2024-04-26T08:25:56.585Z');
    expect(text).not.toMatch(/https?:|weserv|static\.dw\.com|\.jpg|api\.dw\.com/);
  });

  it('keeps inline link text without the link', () => {
    expect(text).toContain('這是布林肯一年內二度訪華之旅的最後一天');
    expect(text).toContain('藉美國《貿易法》301條對中國施加新關稅');
  });
});

describe('articleText', () => {
  it('cleans the English fixture: no figure caption, share, related or footer; blockquote kept', () => {
    const text = articleText(englishArticle().html);
    expect(text).not.toMatch(/Cranes unload|Share on|Related|Suez Canal revenue|All rights reserved|2024-05-02/);
    expect(text).toContain('Container volumes are expected to recover only when the Red Sea route is safe again.');
    expect(text).toContain('“The diversions around the Cape of Good Hope');
    expect(text).toContain('they were investing in extra yard space to absorb');
    expect(text.split('\n\n')).toHaveLength(7);
  });

  it('drops a nested share block whole, however deep its children go', () => {
    const html = '<div id="share-box"><div><p>Tweet this</p><div><span>Copy link</span></div></div></div><p>Body.</p>';
    expect(articleText(html)).toBe('Body.');
  });

  it('is not fooled by ">" inside attribute values, "<" in text, or markup inside scripts', () => {
    const html = `<p title="a > b">One &lt; two</p><script>document.write("</p><p>evil")</script><p>3 < 4 is true</p>`;
    expect(articleText(html)).toBe('One < two\n\n3 < 4 is true');
  });

  it('closes an open paragraph when a block starts, and keeps <br> as a line break', () => {
    expect(articleText('<p>first<div>second</div><p>line one<br>line two')).toBe(
      'first\n\nsecond\n\nline one\nline two',
    );
  });

  it('keeps the blank lines and line breaks of a plain-text description, decoding its references', () => {
    const text =
      'Killing of journalists rises amid violence against reporters\r\n\r\nAttacks against the press rose.\nPhoto:  AP &amp; Reuters\n \n\n3 < 4\tis true';
    expect(articleText(text)).toBe(
      'Killing of journalists rises amid violence against reporters\n\nAttacks against the press rose.\nPhoto: AP & Reuters\n\n3 < 4 is true',
    );
    // Markup anywhere makes it HTML, whose line breaks are spaces.
    expect(articleText('One\n\ntwo <b>bold</b>')).toBe('One two bold');
  });

  it('keeps a long div after an image: only short caption blocks are dropped', () => {
    const long = 'Body text that goes on. '.repeat(20);
    expect(articleText(`<img src="x.jpg"><div>${long}</div>`)).toBe(long.trim());
  });

  it('keeps a paragraph mentioning copyright when it is not the last one', () => {
    expect(articleText('<p>The copyright case opened on Monday.</p><p>More.</p>')).toContain('copyright case');
  });
});

describe('decodeEntities', () => {
  it('decodes named, decimal and hexadecimal references', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#39;&eacute;&hellip;&#20013;&#x6587;&#x1F600;')).toBe('&<>"\'é…中文😀');
  });

  it('maps C1 code points to Windows-1252 and invalid ones to U+FFFD, and leaves unknown names alone', () => {
    expect(decodeEntities('&#150;&#x92;&#0;&#xD800;&notanentity;')).toBe('–’\ufffd\ufffd&notanentity;');
  });
});
