import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_HEAD_CHARS, pageImageUrl } from '../../../src/html/page-image.js';

const PAGE = 'https://news.example/world/2024/may/02/story';
const head = (tags: string) =>
  `<!doctype html><html><head><title>T</title>${tags}</head><body><p>Body</p></body></html>`;

describe('pageImageUrl', () => {
  it('reads og:image from a real page shape, decoding its entities', () => {
    const html = readFileSync(new URL('../../fixtures/articles/en-standfirst.html', import.meta.url), 'utf8');
    expect(pageImageUrl(html, PAGE)).toBe(
      'https://i.example.org/img/media/press-freedom/master/1200.jpg?width=1200&quality=85',
    );
  });

  it('prefers Open Graph to Twitter whatever their order, and takes twitter:image when it is alone', () => {
    const both = head(
      '<meta name="twitter:image" content="https://img.example/tw.jpg"><meta property="og:image" content="https://img.example/og.jpg">',
    );
    expect(pageImageUrl(both, PAGE)).toBe('https://img.example/og.jpg');
    expect(pageImageUrl(head("<meta name='twitter:image:src' content='https://img.example/tw.jpg'>"), PAGE)).toBe(
      'https://img.example/tw.jpg',
    );
    expect(pageImageUrl(head('<META PROPERTY="OG:IMAGE" CONTENT="https://img.example/upper.jpg">'), PAGE)).toBe(
      'https://img.example/upper.jpg',
    );
  });

  it('resolves a relative address against the page', () => {
    expect(pageImageUrl(head('<meta property="og:image" content="/media/a.jpg">'), PAGE)).toBe(
      'https://news.example/media/a.jpg',
    );
    expect(pageImageUrl(head('<meta property="og:image" content="//cdn.example/a.jpg">'), PAGE)).toBe(
      'https://cdn.example/a.jpg',
    );
  });

  it('never returns a data:, javascript: or other non-http(s) address, nor an overlong one, and falls back past them', () => {
    for (const bad of [
      'data:image/png;base64,iVBORw0KGgo=',
      'javascript:alert(1)',
      'ftp://img.example/a.jpg',
      'file:///etc/passwd',
      `https://img.example/${'a'.repeat(2100)}.jpg`,
      '   ',
    ]) {
      expect(pageImageUrl(head(`<meta property="og:image" content="${bad}">`), PAGE), bad).toBeNull();
    }
    const fallback = head(
      '<meta property="og:image" content="data:image/gif;base64,R0lGOD"><meta name="twitter:image" content="https://img.example/tw.jpg">',
    );
    expect(pageImageUrl(fallback, PAGE)).toBe('https://img.example/tw.jpg');
  });

  it('reads the head only: nothing after </head> or <body>, nothing past the first 64 KiB', () => {
    expect(
      pageImageUrl('<html><head></head><body><meta property="og:image" content="https://x.example/b.jpg">', PAGE),
    ).toBeNull();
    expect(pageImageUrl('<html><body><meta property="og:image" content="https://x.example/b.jpg">', PAGE)).toBeNull();
    const late = `<html><head><script>${'x'.repeat(MAX_HEAD_CHARS)}</script><meta property="og:image" content="https://x.example/late.jpg">`;
    expect(pageImageUrl(late, PAGE)).toBeNull();
    // A head without its end tag, as a capped read leaves it, still gives its picture.
    expect(pageImageUrl('<html><head><meta property="og:image" content="https://x.example/a.jpg"><link', PAGE)).toBe(
      'https://x.example/a.jpg',
    );
    expect(pageImageUrl('', PAGE)).toBeNull();
    expect(pageImageUrl(head('<meta property="og:title" content="https://x.example/a.jpg">'), PAGE)).toBeNull();
  });
});
