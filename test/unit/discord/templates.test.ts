import { describe, expect, it } from 'vitest';
import type { PostInput } from '../../../src/discord/render.js';
import { parseTemplate } from '../../../src/discord/template-format.js';
import { renderArticle } from '../../../src/discord/templates.js';
import { effectiveSettings } from '../../../src/pipeline/use-cases/settings.js';
import { DEFAULT_GUILD_SETTINGS } from '../../../src/store/store.js';

const LINK = 'https://news.example/a';
const input = (over: Partial<PostInput['article']> = {}): PostInput => ({
  article: {
    title: '王毅稱中美關係企穩',
    link: LINK,
    imageUrl: 'https://news.example/a.jpg',
    publishedAt: 1_714_121_223_000,
    author: null,
    ...over,
  },
  feed: { id: 1, title: 'DW 中文', url: 'https://rss.dw.com/feed', siteLink: null },
  summary: {
    headline: 'Wang Yi says ties are stabilising',
    summary: 'Blinken met Wang Yi for five and a half hours in Beijing.',
    keyPoints: ['Talks lasted 5.5 hours', 'Xi met Blinken'],
    topics: ['politics', 'asia'],
    entities: ['Wang Yi', 'Antony Blinken'],
    language: 'en',
    kind: 'news',
    source: 'llm',
    model: 'm',
  },
  mentionRoleIds: [],
});
const render = (template: object, over?: Partial<PostInput['article']>) =>
  renderArticle({ ...input(over), template: JSON.stringify(template) });

describe('custom templates', () => {
  it('fills placeholders, fallbacks, per-placeholder limits and timestamp styles', () => {
    const body = render({
      content:
        '{author|feed}: {headline} · {headline_original} · {topics} · {entities} {published} {published:f} {summary:10}',
    });
    expect(body.content).toBe(
      'DW 中文: Wang Yi says ties are stabilising · 王毅稱中美關係企穩 · politics, asia · Wang Yi, Antony Blinken <t:1714121223:R> <t:1714121223:f> Blinken m…',
    );
    expect(render({ content: '{author|feed}' }, { author: 'Jane Roe' }).content).toBe('Jane Roe');
    // Nothing for an article: the placeholder is empty; a post with nothing left shows the headline.
    expect(render({ content: '{author}' }).content).toBe('Wang Yi says ties are stabilising');
  });

  it('builds the embed: linked title, colour, thumbnail, footer, fields without empty values, and a Read more button', () => {
    const body = render({
      embed: {
        title: '{headline}',
        description: '{key_points}',
        color: '#ff0000',
        thumbnail: '{image}',
        footer: '{feed}',
        fields: [
          { name: 'Who', value: '{entities}', inline: true },
          { name: 'By', value: '{author}' },
        ],
        timestamp: true,
      },
      button: 'Read more',
    });
    expect(body.embeds?.[0]).toEqual({
      title: 'Wang Yi says ties are stabilising',
      url: LINK,
      description: '• Talks lasted 5.5 hours\n• Xi met Blinken',
      color: 0xff0000,
      thumbnail: { url: 'https://news.example/a.jpg' },
      footer: { text: 'DW 中文', icon_url: 'https://rss.dw.com/favicon.ico' },
      fields: [{ name: 'Who', value: 'Wang Yi, Antony Blinken', inline: true }],
      timestamp: '2024-04-26T08:47:03.000Z',
    });
    expect(body.components).toEqual([{ type: 1, components: [{ type: 2, style: 5, label: 'Read more', url: LINK }] }]);
    // No http(s) link: no button, no embed URL; a picture that is not an http(s) address is left out.
    const bare = render(
      { embed: { title: '{headline}', image: '{image}' }, button: 'Read' },
      {
        link: 'javascript:alert(1)',
        imageUrl: 'data:image/png;base64,AAAA',
      },
    );
    expect(bare.components).toBeUndefined();
    expect(bare.embeds?.[0]).toEqual({ title: 'Wang Yi says ties are stabilising', color: expect.any(Number) });
  });

  it('escapes article text but keeps the template’s Markdown, and lets nothing mention anyone', () => {
    const body = renderArticle({
      ...input({ title: '**@everyone** <@123>' }),
      mentionRoleIds: ['42'],
      template: JSON.stringify({ content: '**{headline_original}** @{feed} <@&7>' }),
    });
    expect(body.content).toBe('<@&42> **\\*\\*@\u200beveryone\\*\\* <\u200b@123>** @DW 中文 <\u200b@&7>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['42'] });
  });

  it('keeps a link whose path holds @here whole: it is written %40, not cut by the mention guard', () => {
    const body = render({ content: '[{headline}]({link}) {link}' }, { link: 'https://medium.com/@heretic/post' });
    const link = 'https://medium.com/%40heretic/post';
    expect(body.content).toBe(`[Wang Yi says ties are stabilising](${link}) ${link}`);
  });

  it('refuses what is not a template, saying what is wrong', () => {
    const problem = (source: string) => {
      const check = parseTemplate(source);
      return check.ok ? null : check.problem;
    };
    expect(problem('{"content": ')).toEqual({ code: 'json' });
    expect(problem('{"embed": {"colour": "#fff"}}')).toEqual({ code: 'shape', path: 'embed.colour' });
    expect(problem('{"embed": {"fields": "x"}}')).toEqual({ code: 'shape', path: 'embed.fields' });
    expect(problem('{"content": "{headline|nope:20}"}')).toEqual({ code: 'placeholder', name: 'nope' });
    expect(problem('{"embed": {"title": "x", "color": "red"}}')).toEqual({ code: 'colour', value: 'red' });
    expect(problem('{"content": "  ", "button": "Read"}')).toEqual({ code: 'empty' });
    expect(problem('{"content": "{headline} {published:R}"}')).toBeNull();
  });
});

describe('a subscription’s look', () => {
  const guild = { guildId: 'g', ...DEFAULT_GUILD_SETTINGS, layout: 'points' as const, template: 'house' };
  it('is its own preset or template when it chose one, else the server’s', () => {
    const own = (sub: object) => {
      const s = effectiveSettings(guild, { language: null, style: null, layout: null, ...sub });
      return [s.layout, s.template];
    };
    expect(own({})).toEqual(['points', 'house']);
    expect(own({ layout: 'compact' })).toEqual(['compact', null]);
    expect(own({ template: 'wire' })).toEqual(['points', 'wire']);
  });
});
