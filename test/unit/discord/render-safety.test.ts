import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMBED_LIMITS, type MessageBody, renderPost } from '../../../src/discord/render.js';
import { describeArticle } from '../../../src/discord/replies.js';
import { renderRoundup } from '../../../src/discord/roundup.js';
import type { Summary } from '../../../src/domain.js';
import { extractiveSummary } from '../../../src/summarize/extractive.js';
import { stripControlChars } from '../../../src/text/control.js';
import { markdownHazards, visibleText } from '../../support/discord-markdown.js';
import { hostileText } from '../../support/hostile-text.js';

const PHISH = '[Click here to verify your Discord account](https://evil.example/phish)';
const LINK = 'https://news.example/a';
const article = (title: string) => ({ title, link: LINK, imageUrl: null, publishedAt: null });
const feed = { title: 'Example News', url: 'https://news.example/feed' };

type Embed = NonNullable<MessageBody['embeds']>[number];
const embedOf = (body: MessageBody): Embed => body.embeds?.[0] as Embed;
/** The input as a reader should see it: without control characters, and without zero-width spaces after `@`/`<`. */
const asWritten = (text: string) => stripControlChars(text).replace(/([@<])\u200b/g, '$1');
const oneLine = (text: string) => asWritten(text).replace(/\s+/g, ' ').trim();

/** `shown` is what a reader sees of `expected`: all of it, or (cut) a start of it followed by `…`. */
function expectShown(shown: string, expected: string): void {
  const seen = visibleText(shown);
  if (seen === expected) return;
  expect(seen.endsWith('…')).toBe(true);
  expect(expected.startsWith(visibleText(shown.slice(0, -1)))).toBe(true);
}

/** The limits every embed Herald posts keeps, and nothing in title or description that Discord would act on. */
function expectSafeEmbed(embed: Embed): void {
  const title = embed.title ?? '';
  const description = embed.description ?? '';
  expect(title.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
  expect(description.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
  expect(title.length + description.length + (embed.footer?.text.length ?? 0)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  expect(markdownHazards(title)).toEqual([]);
  expect(markdownHazards(description)).toEqual([]);
  expect(markdownHazards(embed.footer?.text ?? '').filter((h) => /control|live/.test(h))).toEqual([]);
}

/** Title and feed name of a compact post, split at Herald's own `**[…](<link>)** · ` frame. */
function compactParts(content: string): { title: string; name: string } {
  const frame = `](<${LINK}>)** · `;
  expect(content.startsWith('**[')).toBe(true);
  const at = content.indexOf(frame);
  expect(at).toBeGreaterThan(0);
  return { title: content.slice(3, at), name: content.slice(at + frame.length) };
}

describe('outside text in posts (regressions)', () => {
  it('posts an extractive summary that starts with a phishing link and Markdown as plain text', () => {
    const text = `${PHISH} to keep your account.\n# Breaking news here\n-# small print for you\n||hidden spoiler text|| right here.\n> a quoted line of text`;
    const summary = extractiveSummary({ title: 'Account notice', text, language: 'en' }, 'detailed');
    const embed = embedOf(renderPost({ article: article('Account notice'), feed, summary, mentionRoleIds: [] }));
    expect(markdownHazards(embed.description ?? '')).toEqual([]);
    expect(visibleText(embed.description ?? '')).toContain(PHISH);
  });

  it('never ends a cut headline in a lone backslash', () => {
    const summary = extractiveSummary({ title: `${'a'.repeat(254)}**bold**`, text: '', language: 'en' }, 'brief');
    for (const layout of ['full', 'compact'] as const) {
      const body = renderPost({ article: article(summary.headline), feed, summary, mentionRoleIds: [], layout });
      const title = layout === 'full' ? (embedOf(body).title ?? '') : compactParts(body.content ?? '').title;
      expect(title).toBe(`${'a'.repeat(254)}…`);
      expect(markdownHazards(title)).toEqual([]);
    }
  });

  it('lists a roundup headline whose link is too long to show, without its link', () => {
    const long = `https://news.example/${'x'.repeat(5000)}`;
    const body = renderRoundup(
      [
        { title: 'First story', link: long },
        { title: 'Second story', link: LINK },
      ],
      '2 more stories from Example News',
      0,
    );
    expect(embedOf(body).description).toBe(`• First story\n• [Second story](${LINK})`);
  });

  it('keeps a link whose address carries a parenthesis to one link in a roundup and a reply line', () => {
    const link = 'https://news.example/a)[Verify your account](https://evil.example/phish';
    const line = embedOf(renderRoundup([{ title: 'Story', link }], 'Roundup', 0)).description ?? '';
    expect(line).toBe('• [Story](https://news.example/a%29[Verify%20your%20account]%28https://evil.example/phish)');
    expect(describeArticle({ title: 'Story', link, publishedAt: null })).toBe(
      '[Story](<https://news.example/a%29[Verify%20your%20account]%28https://evil.example/phish>)',
    );
  });
});

/** An article of hostile title and paragraphs, summarized extractively as Herald does without an LLM. */
const hostileArticle = fc.record({
  title: hostileText(),
  paragraphs: fc.array(hostileText(), { minLength: 1, maxLength: 4 }),
  style: fc.constantFrom('brief' as const, 'standard' as const, 'detailed' as const),
});

describe('extractive summaries of hostile articles, as rendered for Discord', () => {
  it('show every headline, summary and key point as written, inert and within the limits, in an embed', () => {
    fc.assert(
      fc.property(hostileArticle, ({ title, paragraphs, style }) => {
        const summary: Summary = extractiveSummary({ title, text: paragraphs.join('\n\n'), language: null }, style);
        const body = renderPost({ article: article(title), feed: { ...feed, title }, summary, mentionRoleIds: [] });
        const embed = embedOf(body);
        expectSafeEmbed(embed);
        expect(body.content).toBeUndefined();
        expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
        expectShown(embed.title ?? '', oneLine(summary.headline || title));
        const points = summary.keyPoints.map((p) => `• ${oneLine(p)}`).join('\n');
        const text = asWritten(summary.summary);
        expectShown(embed.description ?? '', points ? `${text}\n\n${points}` : text);
      }),
      { numRuns: 150 },
    );
  });

  it('show the headline and feed name inert inside Herald’s one link in the compact layout', () => {
    fc.assert(
      fc.property(hostileArticle, hostileText(), ({ title, paragraphs, style }, name) => {
        const summary = extractiveSummary({ title, text: paragraphs.join('\n'), language: null }, style);
        const body = renderPost({
          article: article(title),
          feed: { ...feed, title: name },
          summary,
          mentionRoleIds: [],
          layout: 'compact',
        });
        const content = body.content ?? '';
        expect(content.length).toBeLessThanOrEqual(2000);
        const parts = compactParts(content);
        expect(markdownHazards(parts.title)).toEqual([]);
        expect(markdownHazards(parts.name)).toEqual([]);
        expectShown(parts.title, oneLine(summary.headline || title));
      }),
      { numRuns: 150 },
    );
  });

  it('list hostile headlines and links in a roundup as inert lines, each a whole line within the limit', () => {
    const entry = fc.record({
      title: hostileText(),
      link: fc.option(fc.tuple(fc.constantFrom(LINK, 'javascript:', ''), hostileText(6)).map(([a, b]) => a + b)),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 60 }), hostileText(), (entries, title) => {
        const embed = embedOf(renderRoundup(entries, title, 0));
        expect(embed.title?.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
        expect(markdownHazards(embed.title ?? '')).toEqual([]);
        const lines = (embed.description ?? '').split('\n');
        expect(embed.description?.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
        expect(lines.length).toBeGreaterThan(0);
        for (const [i, line] of lines.entries()) {
          const linked = /^• \[([\s\S]*)\]\(([^()<>\s\\]*)\)$/.exec(line);
          const headline = linked ? (linked[1] as string) : line.slice(2);
          if (linked) expect(linked[2]).toMatch(/^https?:\/\//);
          else expect(line.startsWith('• ')).toBe(true);
          expect(markdownHazards(headline)).toEqual([]);
          expectShown(headline, oneLine(entries[i]?.title ?? ''));
        }
      }),
      { numRuns: 150 },
    );
  });
});
