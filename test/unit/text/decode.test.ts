import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody, sniffCharset } from '../../../src/text/decode.js';

const rss = (title: string, declared?: string): string =>
  `${declared ? `<?xml version="1.0" encoding="${declared}"?>` : ''}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

const SAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['Big5', '德國之聲中文網：王毅稱中美關係企穩'],
  ['GBK', '德国之声中文网：王毅称中美关系企稳'],
  ['GB2312', '中美关系'],
  ['GB18030', '中美关系𠀀'],
  ['Shift_JIS', '日本語のニュース、東京'],
  ['EUC-JP', '日本語のニュース、東京'],
  ['EUC-KR', '한국어 뉴스, 서울'],
  ['ISO-8859-1', 'Café crème, Zürich, Ångström'],
  ['ISO-8859-15', 'Prix : 10 € net'],
  ['ISO-8859-2', 'Łódź, Kraków'],
  ['windows-1251', 'Новости Москвы'],
  ['windows-1252', '“Smart quotes” — and dashes'],
];

describe('decodeFeedBody', () => {
  it.each(SAMPLES)('decodes %s named in the Content-Type header', (charset, text) => {
    const bytes = iconv.encode(rss(text), charset);
    expect(decodeFeedBody(bytes, `application/rss+xml; charset=${charset}`)).toBe(rss(text));
  });

  it.each(SAMPLES)('decodes %s named in the XML declaration', (charset, text) => {
    const bytes = iconv.encode(rss(text, charset), charset);
    expect(decodeFeedBody(bytes, 'application/rss+xml')).toBe(rss(text, charset));
  });

  it('prefers the Content-Type charset over the XML declaration', () => {
    const bytes = iconv.encode(rss('中美關係', 'utf-8'), 'big5');
    expect(decodeFeedBody(bytes, 'text/xml; charset="big5"')).toContain('中美關係');
  });

  it('reads a UTF-8 BOM, strips it, and lets it override a wrong header', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss('中美關係'), 'utf8')]);
    const text = decodeFeedBody(bytes, 'text/xml; charset=iso-8859-1');
    expect(text).toBe(rss('中美關係'));
    expect(sniffCharset(bytes, 'text/xml; charset=iso-8859-1').source).toBe('bom');
  });

  it('reads UTF-16 with a BOM in either byte order', () => {
    const le = iconv.encode(rss('ニュース', 'UTF-16'), 'utf-16le', { addBOM: true });
    const be = iconv.encode(rss('ニュース', 'UTF-16'), 'utf-16be', { addBOM: true });
    expect(decodeFeedBody(le)).toBe(rss('ニュース', 'UTF-16'));
    expect(decodeFeedBody(be)).toBe(rss('ニュース', 'UTF-16'));
  });

  it('falls back to UTF-8 without any label', () => {
    expect(decodeFeedBody(Buffer.from(rss('Grüße, 你好'), 'utf8'))).toBe(rss('Grüße, 你好'));
    expect(sniffCharset(Buffer.from('<rss/>')).source).toBe('default');
  });

  it('ignores a charset it does not know and uses the next source', () => {
    const bytes = iconv.encode(rss('中美关系', 'gbk'), 'gbk');
    expect(decodeFeedBody(bytes, 'text/xml; charset=x-unknown-thing')).toContain('中美关系');
  });

  it('reads ISO-8859-1 labels as windows-1252, as browsers do', () => {
    const bytes = Buffer.from([0x93, 0x48, 0x69, 0x94]);
    expect(decodeFeedBody(bytes, 'text/plain; charset=ISO-8859-1')).toBe('“Hi”');
  });

  describe('when the label does not fit the bytes', () => {
    const latin = 'Café crème à Zürich — “naïve” señor, 10 €';

    it.each([
      ['an XML declaration', rss(latin, 'UTF-8'), null],
      ['a Content-Type header', rss(latin), 'application/rss+xml; charset=utf-8'],
      ['the default, no label', rss(latin), null],
    ])('reads windows-1252 bytes taken for UTF-8 (%s) as windows-1252', (_, doc, contentType) => {
      const text = decodeFeedBody(iconv.encode(doc, 'windows-1252'), contentType);
      expect(text).toBe(doc);
      expect(text).not.toContain('\ufffd');
    });

    it('keeps the real UTF-8 of a document with a few stray windows-1252 bytes', () => {
      const bytes = Buffer.concat([
        Buffer.from('<t>你好 Grüße ', 'utf8'),
        Buffer.from([0xe9, 0x93]),
        Buffer.from('</t>'),
      ]);
      expect(decodeFeedBody(bytes)).toBe('<t>你好 Grüße é“</t>');
    });

    it('reads the bytes windows-1252 leaves unassigned as C1 controls, never U+FFFD', () => {
      expect(decodeFeedBody(Buffer.from([0x3c, 0x81, 0x8d, 0x3e]), 'text/xml; charset=utf-8')).toBe('<\u0081\u008d>');
    });

    it('reads UTF-8 labelled Big5 as UTF-8 when Big5 cannot decode it', () => {
      const doc = rss('德國之聲中文網：王毅稱中美關係企穩', 'big5');
      const bytes = Buffer.from(doc, 'utf8');
      expect(iconv.decode(bytes, 'big5-hkscs')).toContain('\ufffd');
      expect(decodeFeedBody(bytes)).toBe(doc);
    });

    it('decodes any well-formed UTF-8 exactly, U+FFFD included', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (text) => {
          const wellFormed = Buffer.from(text, 'utf8').toString('utf8');
          expect(decodeFeedBody(Buffer.from(`<t>${wellFormed}</t>`, 'utf8'))).toBe(`<t>${wellFormed}</t>`);
        }),
      );
    });
  });
});
