import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageBody, PostInput } from '../../../src/discord/render.js';
import { parseTemplate } from '../../../src/discord/template-format.js';
import { renderArticle } from '../../../src/discord/templates.js';
import type { Summary } from '../../../src/domain.js';
import { parseFeed } from '../../../src/feeds/parse.js';
import { POST_LAYOUTS } from '../../../src/store/store.js';
import { checkMessage, discordLength } from '../../fakes/discord/limits.js';
import { hostileText } from '../../support/hostile-text.js';

const ROLE = '1500000000000000001';
const EVERY =
  '{headline} {headline_original} {summary} {key_points} {topics} {entities} {link} {feed} {author} {published} {image}';

/** Every placeholder everywhere, 25 fields of the longest text, a button: the largest post a template can ask for. */
const LARGEST = JSON.stringify({
  content: `${EVERY} {author|feed:20} {summary:200} {published:f}`,
  embed: {
    title: '{headline} — {headline_original}',
    description: `{summary}\n\n{key_points}\n${EVERY}`,
    color: '#112233',
    image: '{image}',
    thumbnail: '{image}',
    footer: '{author|feed} · {published:R} · {topics}',
    fields: Array.from({ length: 25 }, (_, i) => ({
      name: `{headline} ${i}`,
      value: '{summary}',
      inline: i % 2 === 0,
    })),
    timestamp: true,
  },
  button: 'Read more: {headline}',
});
/** A template whose own characters meet the article's: `@` before a headline, `<` before a feed name. */
const JOINING = JSON.stringify({
  content: '@{headline} <{feed}> <@&{topics}> @{entities}',
  embed: { title: '@{headline}', footer: '<{feed}' },
});

const CUSTOM = [LARGEST, JOINING];
for (const source of CUSTOM) if (!parseTemplate(source).ok) throw new Error(`test template refused: ${source}`);

/** Every way a post can look: each preset, then each custom template. */
const LOOKS: Array<Pick<PostInput, 'layout'> & { template?: string }> = [
  ...POST_LAYOUTS.map((layout) => ({ layout })),
  ...CUSTOM.map((template) => ({ layout: 'full' as const, template })),
];

interface Story {
  title: string;
  link: string | null;
  author: string | null;
  imageUrl: string | null;
  publishedAt: number | null;
  headline: string;
  summary: string;
  keyPoints: string[];
  topics: string[];
  entities: string[];
  feedTitle: string | null;
}

function inputOf(story: Story, look: (typeof LOOKS)[number]): PostInput & { template?: string } {
  const summary: Summary = {
    headline: story.headline,
    summary: story.summary,
    keyPoints: story.keyPoints,
    topics: story.topics,
    entities: story.entities,
    language: 'en',
    kind: 'news',
    source: 'llm',
    model: 'test',
  };
  return {
    article: {
      title: story.title,
      link: story.link,
      imageUrl: story.imageUrl,
      publishedAt: story.publishedAt,
      author: story.author,
    },
    feed: { id: 3, title: story.feedTitle, url: 'https://news.example/feed', siteLink: null },
    summary,
    mentionRoleIds: [ROLE],
    ...look,
  };
}

/** Mentions Discord would resolve in a text: user, role and mass mentions. */
const LIVE_MENTION = /<@[!&]?\d+>|@(?:everyone|here)/gi;

/** Every text of a message that could show a mention. */
function texts(body: MessageBody): string[] {
  const embeds = body.embeds ?? [];
  return [
    body.content ?? '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      e.footer?.text ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

function expectWithinLimitsAndInert(body: MessageBody, wellFormed: boolean): void {
  const { errors, empty } = checkMessage(body as Record<string, unknown>);
  expect(errors.tree).toEqual({});
  expect(empty).toBe(false);
  for (const embed of body.embeds ?? []) {
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const field of embed.fields ?? []) {
      expect(discordLength(field.name)).toBeGreaterThan(0);
      expect(discordLength(field.name)).toBeLessThanOrEqual(256);
      expect(discordLength(field.value)).toBeGreaterThan(0);
      expect(discordLength(field.value)).toBeLessThanOrEqual(1024);
    }
  }
  for (const row of body.components ?? []) {
    for (const button of (row as { components: Array<{ label: string; url: string }> }).components) {
      expect(discordLength(button.label)).toBeLessThanOrEqual(80);
      expect(button.url.length).toBeLessThanOrEqual(512);
    }
  }
  expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
  const mentions = texts(body).flatMap((text) => text.match(LIVE_MENTION) ?? []);
  expect(mentions.filter((m) => m !== `<@&${ROLE}>`)).toEqual([]);
  // The role is mentioned once, at the start of the content.
  expect(mentions).toEqual([`<@&${ROLE}>`]);
  expect(body.content?.startsWith(`<@&${ROLE}>`)).toBe(true);
  if (wellFormed) for (const text of texts(body)) expect(text.match(LONE_SURROGATE) === null).toBe(true);
}

/** A UTF-16 half without its other half: with the `u` flag, only an unpaired one matches. */
const LONE_SURROGATE = /\p{Cs}/u;

const ROOT = join(import.meta.dirname, '../../fixtures/feeds/gofeed');

/** The feed files: gofeed's cases and the bundled DW sample. */
const FEED_FILES = [
  ...['rss', 'atom'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => join(ROOT, dir, f)),
  ),
  join(import.meta.dirname, '../../../samples/dw-zh.xml'),
];

/** Both sides of every labelled story pair: real-length English, Traditional and Simplified Chinese reports. */
function pairStories(): Story[] {
  const lines = readFileSync(join(import.meta.dirname, '../../fixtures/stories/pairs.jsonl'), 'utf8').split('\n');
  return lines
    .filter(Boolean)
    .flatMap((line) => {
      const pair = JSON.parse(line) as Record<'a' | 'b', { title: string; text: string; outlet: string }>;
      return [pair.a, pair.b];
    })
    .map((side, i) => ({
      title: side.title,
      link: `https://news.example/story/${i}`,
      author: null,
      imageUrl: null,
      publishedAt: 1_700_000_000_000 + i,
      headline: side.title,
      summary: side.text,
      keyPoints: side.text.split(/(?<=[.!?。])\s*/u).slice(0, 4),
      topics: [],
      entities: [side.outlet],
      feedTitle: side.outlet,
    }));
}

async function fixtureStories(): Promise<Story[]> {
  const stories: Story[] = pairStories();
  for (const file of FEED_FILES) {
    const feed = await parseFeed(readFileSync(file, 'utf8'), 'https://news.example/').catch(() => null);
    for (const item of feed?.items ?? []) {
      const sentences = item.contentText.split(/(?<=[.!?。])\s*/u).filter(Boolean);
      stories.push({
        title: item.title,
        link: item.link,
        author: item.author,
        imageUrl: item.imageUrl,
        publishedAt: item.published ? Date.parse(item.published) : null,
        headline: item.title,
        summary: item.contentText,
        keyPoints: sentences.slice(0, 5),
        topics: item.categories,
        entities: item.categories.slice(0, 5),
        feedTitle: feed?.feed.title || null,
      });
    }
  }
  return stories;
}

const LONG = 'A very long headline about the state of things '.repeat(40);
const RTL = '\u202eعاجل: \u05d7\u05d3\u05e9\u05d5\u05ea \u202b@everyone مرحبا بالعالم\u202c ';
const ZWJ = '👨‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻';
const TEN_K = (unit: string) => unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000);

/** Long titles, right-to-left text, emoji ZWJ sequences and 10,000-character inputs in every field. */
const EDGE_STORIES: Story[] = [LONG, RTL.repeat(50), ZWJ.repeat(300), TEN_K('台灣半導體產業。'), TEN_K('x')].map(
  (text) => ({
    title: text,
    link: `https://news.example/${encodeURIComponent(Array.from(text).slice(0, 100).join(''))}`,
    author: text,
    imageUrl: 'https://news.example/a.jpg',
    publishedAt: 1_700_000_000_000,
    headline: text,
    summary: TEN_K(`${text} `),
    keyPoints: Array.from({ length: 12 }, () => text),
    topics: [text, text],
    entities: [text],
    feedTitle: text,
  }),
);

describe('every preset and custom template', () => {
  it('renders the fixture feeds and long, RTL, emoji-ZWJ and 10,000-character stories within every limit, mentioning only the role', async () => {
    const stories = [...(await fixtureStories()), ...EDGE_STORIES];
    // 45 gofeed items, 3 DW items, 336 story reports, 5 edge cases.
    expect(stories.length).toBeGreaterThan(380);
    for (const story of stories) {
      for (const look of LOOKS) expectWithinLimitsAndInert(renderArticle(inputOf(story, look)), true);
    }
  });

  it('renders generated hostile stories within every limit, mentioning only the role', () => {
    const text = hostileText();
    const optional = fc.option(text, { nil: null });
    const story: fc.Arbitrary<Story> = fc.record({
      title: text,
      link: fc.option(fc.oneof(fc.webUrl(), text), { nil: null }),
      author: optional,
      imageUrl: fc.option(fc.oneof(fc.webUrl(), text), { nil: null }),
      publishedAt: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: null }),
      headline: text,
      summary: text,
      keyPoints: fc.array(text, { maxLength: 8 }),
      topics: fc.array(text, { maxLength: 4 }),
      entities: fc.array(text, { maxLength: 5 }),
      feedTitle: optional,
    });
    fc.assert(
      fc.property(story, fc.constantFrom(...LOOKS), (s, look) => {
        const wellFormed = [s.title, s.headline, s.summary, s.author ?? '', s.feedTitle ?? '', ...s.keyPoints]
          .concat(s.topics, s.entities)
          .every((t) => t.match(LONE_SURROGATE) === null);
        expectWithinLimitsAndInert(renderArticle(inputOf(s, look)), wellFormed);
      }),
      { numRuns: 300 },
    );
  });
});
