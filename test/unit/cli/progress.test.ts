import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/cli/progress.js';

function run(isTTY: boolean, total: number) {
  const written: string[] = [];
  const progress = createProgress('imported', { isTTY, write: (text: string) => written.push(text) });
  for (let done = 1; done <= total; done++) {
    if (done === 2) progress.note('failed: https://b.example/feed');
    progress.update(done, total);
  }
  progress.end();
  return written.join('');
}

describe('command-line progress', () => {
  it('writes about ten lines for a long run when stderr is not a terminal, notes on lines of their own', () => {
    const lines = run(false, 1000).split('\n').filter(Boolean);
    expect(lines[0]).toBe('imported 1/1000');
    expect(lines[1]).toBe('failed: https://b.example/feed');
    expect(lines.slice(2)).toEqual(Array.from({ length: 10 }, (_, i) => `imported ${(i + 1) * 100}/1000`));
  });

  it('writes every step of a short run', () => {
    expect(run(false, 3)).toBe('imported 1/3\nfailed: https://b.example/feed\nimported 2/3\nimported 3/3\n');
  });

  it('rewrites one line on a terminal, keeping notes above it', () => {
    expect(run(true, 3)).toBe(
      '\r\x1b[Kimported 1/3' +
        '\r\x1b[Kfailed: https://b.example/feed\nimported 1/3' +
        '\r\x1b[Kimported 2/3\r\x1b[Kimported 3/3\n',
    );
  });
});
