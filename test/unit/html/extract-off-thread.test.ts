import { describe, expect, it } from 'vitest';
import { extractArticleOffThread } from '../../../src/html/extract-off-thread.js';
import { PAGE_LIMITS } from '../../../src/html/page-limits.js';
import { extractArticle } from '../../../src/html/readable.js';

const SENTENCE = 'The harbour authority approved a new pier on Monday after months of debate among residents.';
const nested = (depth: number, inner = `<p>${SENTENCE}</p>`.repeat(4)) =>
  `<html><head><title>Pier approved</title></head><body>${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}</body></html>`;

describe('extractArticleOffThread', () => {
  it('extracts an ordinary article in a worker thread, as Readability does on this thread', async () => {
    const threads: number[] = [];
    const html = nested(12);
    const extraction = await extractArticleOffThread(html, { onThread: (id) => threads.push(id) });
    expect(threads).toHaveLength(1);
    expect(extraction).toEqual({ ok: true, article: extractArticle(html) });
    expect(extraction.ok && extraction.article?.text).toContain(SENTENCE);
  }, 30_000);

  it('refuses a page nested 5,000 deep before building a DOM of it', async () => {
    expect(await extractArticleOffThread(nested(5000))).toEqual({
      ok: false,
      reason: 'too-deep',
      limit: PAGE_LIMITS.maxDepth,
    });
  }, 30_000);

  it('says which limit a page exceeds: elements, or text weighted by depth', async () => {
    const spans = `<html><body>${'<span>a</span>'.repeat(200)}</body></html>`;
    expect(await extractArticleOffThread(spans, { limits: { ...PAGE_LIMITS, maxElements: 100 } })).toEqual({
      ok: false,
      reason: 'too-many-nodes',
      limit: 100,
    });
    const wordy = nested(30, `<p>${'word '.repeat(2000)}</p>`);
    expect(await extractArticleOffThread(wordy, { limits: { ...PAGE_LIMITS, maxTextWeight: 100_000 } })).toEqual({
      ok: false,
      reason: 'too-much-text',
      limit: 100_000,
    });
  }, 60_000);

  it('stops the thread at the time limit when the scan lets a slow page through, without blocking this thread', async () => {
    const order: string[] = [];
    // 2,000 deep takes Readability minutes; with the depth limit lifted only the time limit stops it.
    const slow = extractArticleOffThread(nested(2000), {
      limits: { ...PAGE_LIMITS, maxDepth: 10_000, timeoutMs: 4_000 },
    }).then((extraction) => {
      order.push('extraction');
      return extraction;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('timer');
    expect(await slow).toEqual({ ok: false, reason: 'timeout', limit: 4_000 });
    expect(order).toEqual(['timer', 'extraction']);
  }, 30_000);

  it('reports a page that needs more heap than the thread may use', async () => {
    const huge = nested(3, `<p>${'word '.repeat(600_000)}</p>`);
    const limits = { ...PAGE_LIMITS, maxTextWeight: Infinity, heapMb: 16, timeoutMs: 30_000 };
    expect(await extractArticleOffThread(huge, { limits })).toEqual({ ok: false, reason: 'out-of-memory', limit: 16 });
  }, 60_000);
});
