import { describe, expect, it } from 'vitest';
import { renderImport } from '../../../commands/feed/import.js';
import { messages } from '../../../src/i18n/messages.js';
import { UserError } from '../../../src/i18n/user-error.js';
import type { ImportOutcome } from '../../../src/pipeline/use-cases/import-feeds.js';

const failed = (i: number): ImportOutcome => ({
  url: `https://feed${i}.example/rss`,
  title: null,
  status: 'failed',
  error: new UserError('feedNotAdded', {
    url: `https://feed${i}.example/rss`,
    problem: { code: 'http-status', status: 404, statusText: 'Not Found', host: `feed${i}.example` },
  }),
});

describe('the /feed import answer', () => {
  it('lists every problem when they fit, the file’s invalid entries first', () => {
    const text = renderImport(
      messages('en-US'),
      '1300000000000000001',
      {
        title: null,
        feeds: [],
        invalid: [
          { entry: 'ftp://x.example/', problem: { code: 'unsupported-scheme', scheme: 'ftp' } },
          { entry: null, problem: { code: 'no-address' } },
        ],
        duplicates: 0,
      },
      { outcomes: [failed(1)], added: 2, already: 0, failed: 1, skipped: 0 },
    );
    expect(text.split('\n')).toEqual([
      '<#1300000000000000001> now follows **2** more feeds. What they published before now is not posted; their new stories will be.',
      '**3** could not be added:',
      '• ftp://x.example/ — only http and https feeds are supported, not ftp',
      '• (untitled) — no feed address (xmlUrl)',
      '• Could not add https://feed1.example/rss: HTTP 404 Not Found from feed1.example.',
    ]);
  });

  it('cuts a long failure list to fit one Discord message and still says what was not tried', () => {
    const outcomes = Array.from({ length: 300 }, (_, i) => failed(i));
    const text = renderImport(
      messages('zh-TW'),
      '1300000000000000001',
      { title: null, feeds: [], invalid: [], duplicates: 0 },
      { outcomes, added: 0, already: 0, failed: 300, skipped: 120 },
    );
    expect([...text].length).toBeLessThanOrEqual(2000);
    const lines = text.split('\n');
    expect(lines[1]).toBe('**300** 個無法加入：');
    const shown = lines.filter((l) => l.startsWith('• 無法新增 https://feed')).length;
    expect(shown).toBeGreaterThan(5);
    expect(lines.at(-2)).toBe(`• … (+${300 - shown})`);
    expect(lines.at(-1)).toBe('有 120 個來源來不及處理：請再匯入一次以加入。');
  });
});
