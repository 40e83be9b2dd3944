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

  it('keeps a description however much of the 6,000 a template’s fields take, and stays within every limit', () => {
    type Embed = NonNullable<NonNullable<ReturnType<typeof withStory>['embeds']>[number]>;
    const chars = (e: Embed) =>
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    const field = (i: number, size: number) => ({ name: `F${i}`, value: 'v'.repeat(size - `F${i}`.length) });
    // A template whose title, footer and fields take all but `description` characters of the 6,000, in `count` fields.
    const template = (count: number, description: number, second = 0): Parameters<typeof withStory>[0] => {
      const fixed = 6000 - description - second - 300;
      const each = Math.floor(fixed / count);
      const fields = Array.from({ length: count }, (_, i) => field(i, i === 0 ? fixed - each * (count - 1) : each));
      const embeds: Embed[] = [
        { title: 't'.repeat(200), description: 'd'.repeat(description), footer: { text: 'f'.repeat(100) }, fields },
      ];
      if (second > 0) embeds.push({ description: 's'.repeat(second) });
      return { embeds };
    };
    const cases: Array<[string, Parameters<typeof withStory>[0], 'listed' | 'left out']> = [
      ['fields leave 2,000 for the description', template(4, 2000), 'listed'],
      ['fields leave 400', template(6, 400), 'listed'],
      ['fields leave 300', template(6, 300), 'left out'],
      ['25 fields leave 1,500', template(25, 1500), 'listed'],
      ['a second embed takes 1,000', template(4, 1500, 1000), 'listed'],
    ];
    for (const [name, body, outlets] of cases) {
      const before = body.embeds?.[0]?.description ?? '';
      const out = withStory(body, { storyKey: 's2-abc', alsoReportedBy: reports, language: 'en-US' });
      const [embed, ...rest] = out.embeds ?? [];
      if (!embed) throw new Error(name);
      expect(embed.description?.length, name).toBeGreaterThanOrEqual(Math.min(before.length, 300));
      expect(before.startsWith((embed.description ?? '').replace(/…$/, '')), name).toBe(true);
      expect(
        [embed, ...rest].reduce((n, e) => n + chars(e), 0),
        name,
      ).toBeLessThanOrEqual(6000);
      expect(embed.description?.length ?? 0, name).toBeLessThanOrEqual(4096);
      expect(embed.fields?.length ?? 0, name).toBeLessThanOrEqual(25);
      for (const f of embed.fields ?? []) {
        expect(f.value.length, name).toBeGreaterThan(0);
        expect(f.value.length, name).toBeLessThanOrEqual(1024);
      }
      const listed = embed.fields?.at(-1)?.name === 'Also reported by';
      expect(listed ? 'listed' : 'left out', name).toBe(outlets);
      // The button lists them either way.
      expect(JSON.stringify(out.components), name).toContain('story:coverage:s2-abc');
    }
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
