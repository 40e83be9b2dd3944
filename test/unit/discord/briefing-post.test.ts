import { describe, expect, it } from 'vitest';
import { briefingNonce, renderBriefing } from '../../../src/discord/briefing-post.js';
import { messages } from '../../../src/i18n/messages.js';

const en = messages('en-US');
const hostile = '@everyone <@&1500000000000000001> **bold** ';

describe('a briefing as Discord messages', () => {
  it('splits long briefings on whole lines within 2,000 characters, mentions nobody and escapes outside text', () => {
    const stories = Array.from({ length: 15 }, (_, i) => ({
      line: `${hostile}${'長標題🇹🇼'.repeat(100)} ${i}`,
      link: `https://news.example/${i}?q=(x)`,
      outlets: Array.from({ length: 9 }, (_, k) => `${hostile}Outlet ${k} ${'x'.repeat(80)}`),
    }));
    const bodies = renderBriefing({ periodKey: '2026-11-01', opening: `${hostile}${'y'.repeat(5000)}`, stories }, en);
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) {
      expect(body.content?.length).toBeLessThanOrEqual(2000);
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(body.content).not.toMatch(/@everyone|<@&/u);
      // No surrogate pair or flag is cut in half.
      expect(body.content).toBe(Buffer.from(body.content ?? '', 'utf8').toString('utf8'));
      expect(body.content).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
    }
    const text = bodies.map((b) => b.content).join('\n');
    expect(text.match(/^\d+\. /gmu)).toHaveLength(15);
    expect(text).toContain('](<https://news.example/0?q=%28x%29>)');
    expect(text).toContain('+5');
    expect(bodies[0]?.content?.startsWith('## Briefing · 2026-11-01\n\n')).toBe(true);
  });

  it('says when the period had no story, in the briefing’s language', () => {
    const [body] = renderBriefing({ periodKey: '2026-11-01', opening: '', stories: [] }, messages('zh-TW'));
    expect(body?.content).toBe('## 簡報 · 2026-11-01\n\n這段期間沒有新的事件。');
  });

  it('derives a distinct 25-character nonce per briefing, period and part', () => {
    const nonces = [
      briefingNonce(1, '2026-11-01', 0),
      briefingNonce(1, '2026-11-01', 1),
      briefingNonce(1, '2026-11-02', 0),
    ];
    expect(new Set(nonces).size).toBe(3);
    for (const n of nonces) expect(n).toHaveLength(25);
    expect(briefingNonce(1, '2026-11-01', 0)).toBe(nonces[0]);
  });
});
