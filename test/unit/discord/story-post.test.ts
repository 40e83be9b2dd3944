import { describe, expect, it } from 'vitest';
import { renderPost } from '../../../src/discord/render.js';
import { outletList, renderCoverage, storyIds, withStory } from '../../../src/discord/story-post.js';
import type { Summary } from '../../../src/domain.js';
import { messages } from '../../../src/i18n/messages.js';

const summary: Summary = {
  headline: 'Quake off Taiwan',
  summary: 'x'.repeat(5000),
  keyPoints: [],
  topics: [],
  entities: [],
  language: 'en',
  kind: 'news',
  source: 'llm',
  model: 'm',
};
const post = renderPost({
  article: { title: 'Quake', link: 'https://ap.example/1', imageUrl: null, publishedAt: null },
  feed: { title: 'AP', url: 'https://ap.example/feed' },
  summary,
  mentionRoleIds: [],
});
const reports = Array.from({ length: 60 }, (_, i) => ({ outlet: `Outlet ${i} [x]`, link: `https://o${i}.example/a` }));

describe('a story post', () => {
  it('names other outlets in the reader’s language, cut with +N more, and keeps the embed within 6,000', () => {
    const body = withStory(post, { storyKey: 's2-abc', alsoReportedBy: reports, language: 'zh-TW' });
    const embed = body.embeds?.[0];
    const field = embed?.fields?.[0];
    expect(field?.name).toBe('其他報導');
    expect(field?.value.length).toBeLessThanOrEqual(1024);
    expect(field?.value).toMatch(/^\[Outlet 0 \\\[x\\\]\]\(https:\/\/o0\.example\/a\) · /);
    expect(field?.value).toMatch(/ · 另有 \d+ 家$/);
    const total = [embed?.title, embed?.description, embed?.footer?.text, field?.name, field?.value].join('').length;
    expect(total).toBeLessThanOrEqual(6000);
    const button = JSON.stringify(body.components).match(/"custom_id":"([^"]+)"/)?.[1] ?? '';
    expect(storyIds.parse(button)).toEqual({ action: 'coverage', data: { key: 's2-abc' } });
  });

  it('lists every outlet when they fit, and only the count when none does', () => {
    const more = (n: number) => `+${n} more`;
    expect(outletList(reports.slice(0, 2), 1024, more, true)).toBe(
      '[Outlet 0 \\[x\\]](<https://o0.example/a>) · [Outlet 1 \\[x\\]](<https://o1.example/a>)',
    );
    expect(outletList(reports, 10, more, false)).toBe('+60 more');
  });

  it('answers All coverage with each report’s time, language and link, within one message', () => {
    const t = messages('en-US');
    const lines = Array.from({ length: 40 }, (_, i) => ({
      feedTitle: i === 0 ? 'DW 中文' : `Outlet ${i}`,
      feedUrl: 'https://dw.example/feed',
      title: `Report ${i} ${'y'.repeat(100)}`,
      link: `https://dw.example/${i}`,
      publishedAt: 1_800_000_000_000,
      seenAt: 1_800_000_000_000,
      language: 'zh-tw',
    }));
    const text = renderCoverage(lines, t);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.split('\n')[0]).toBe('**All coverage** (40 reports)');
    expect(text.split('\n')[1]).toMatch(
      /^• <t:1800000000:f> · `zh-tw` · \*\*DW 中文\*\*: \[Report 0 y+\]\(<https:\/\/dw\.example\/0>\)$/,
    );
    expect(renderCoverage([], t)).toBe(t.storyCoverageEmpty());
  });
});
