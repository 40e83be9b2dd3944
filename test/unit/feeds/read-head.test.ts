import { describe, expect, it } from 'vitest';
import { readHead } from '../../../src/feeds/read-body.js';

/** A body that yields the given chunks, then (when `endless`) as many more as are asked for; counts what was read. */
function body(chunks: string[], endless = false) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[pulled] ?? (endless ? 'x'.repeat(1024) : undefined);
      pulled++;
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    res: { headers: new Headers(), body: stream },
    pulled: () => pulled,
    cancelled: () => cancelled,
  };
}

describe('readHead', () => {
  it('stops at </head>, even when the tag is cut between two chunks, and cancels the rest', async () => {
    const page = body(['<html><head><meta property="og:image" content="a.jpg"></HE', 'AD><body>', 'more'], true);
    const bytes = await readHead(page.res, 64 * 1024);
    expect(bytes.toString('utf8')).toBe('<html><head><meta property="og:image" content="a.jpg"></HEAD><body>');
    expect(page.pulled()).toBeLessThanOrEqual(3);
    expect(page.cancelled()).toBe(true);
  });

  it('reads an endless body without a head no further than the cap, without failing', async () => {
    const page = body([], true);
    const bytes = await readHead(page.res, 10_000);
    expect(bytes.length).toBe(10_000);
    expect(page.cancelled()).toBe(true);
  });

  it('returns a short page whole, and nothing for no body', async () => {
    expect((await readHead(body(['<p>hi</p>']).res, 1024)).toString()).toBe('<p>hi</p>');
    expect((await readHead({ headers: new Headers(), body: null }, 1024)).length).toBe(0);
  });
});
