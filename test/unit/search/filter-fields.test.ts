import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/i18n/user-error.js';
import { buildDocument } from '../../../src/search/document.js';
import type { ArticleFields } from '../../../src/search/fields.js';
import {
  compileTopics,
  matchTopics,
  prepareDocument,
  queryMatches,
  unmatchedClause,
} from '../../../src/search/match.js';
import { parseFilter, parseQuery } from '../../../src/search/query.js';

const NOW = Date.UTC(2026, 10, 1);

function article(fields: Partial<ArticleFields> & { title: string }) {
  const all: ArticleFields = {
    author: null,
    categories: [],
    link: null,
    topics: [],
    entities: [],
    contentText: '',
    ...fields,
  };
  return prepareDocument({
    doc: buildDocument({
      title: all.title,
      contentText: all.contentText,
      categories: [...all.categories],
      feedTitle: 'Wire',
      summaries: [{ headline: '', summary: '', keyPoints: [], topics: [...all.topics], entities: [...all.entities] }],
    }),
    feedId: 1,
    feedTitle: 'Wire',
    feedUrl: 'https://wire.example/feed',
    lang: 'zh-tw',
    at: NOW,
    fields: all,
  });
}

const passes = (filter: string, doc: ReturnType<typeof article>) => queryMatches(parseFilter(filter, NOW), doc);

function userErrorKey(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof UserError) return err.key;
    throw err;
  }
  return undefined;
}

describe('field-scoped filters', () => {
  const typhoon = article({
    title: '颱風逼近台灣東部 Typhoon nears Taiwan',
    author: 'Lin Mei-hua',
    categories: ['Asia Pacific', '天氣'],
    link: 'https://www.dw.com/zh/typhoon/a-123',
    topics: ['weather', 'disaster'],
    entities: ['臺灣', 'Central Weather Administration'],
    contentText: 'The storm brings rain. Sponsored by nobody.',
  });

  it('title: matches words and phrases of the title only, across scripts', () => {
    expect(passes('title:typhoon', typhoon)).toBe(true);
    expect(passes('title:"nears taiwan"', typhoon)).toBe(true);
    expect(passes('title:台湾', typhoon)).toBe(true);
    expect(passes('title:rain', typhoon)).toBe(false);
    expect(passes('title:"taiwan nears"', typhoon)).toBe(false);
  });

  it('author:, category:, topic: read their own field', () => {
    expect(passes('author:lin', typhoon)).toBe(true);
    expect(passes('author:"Mei hua"', typhoon)).toBe(true);
    expect(passes('author:chen', typhoon)).toBe(false);
    expect(passes('category:"asia pacific"', typhoon)).toBe(true);
    expect(passes('category:天氣', typhoon)).toBe(true);
    expect(passes('category:europe', typhoon)).toBe(false);
    expect(passes('topic:weather', typhoon)).toBe(true);
    expect(passes('topic:business', typhoon)).toBe(false);
  });

  it('link: matches the host, its subdomains, or a path under it', () => {
    expect(passes('link:dw.com', typhoon)).toBe(true);
    expect(passes('link:https://www.DW.com/zh', typhoon)).toBe(true);
    expect(passes('link:dw.com/en', typhoon)).toBe(false);
    expect(passes('link:com', typhoon)).toBe(true);
    expect(passes('link:w.com', typhoon)).toBe(false);
    expect(passes('link:example.org', typhoon)).toBe(false);
  });

  it('entity: matches the summary entity list in Traditional and Simplified, and falls back to the text', () => {
    expect(passes('entity:台灣', typhoon)).toBe(true);
    expect(passes('entity:台湾', typhoon)).toBe(true);
    expect(passes('entity:"weather administration"', typhoon)).toBe(true);
    // In the text, but not an entity the summary named.
    expect(passes('entity:rain', typhoon)).toBe(false);
    const extractive = article({ title: '北京舉行記者會', contentText: '外交部發言人表示。' });
    expect(passes('entity:北京', extractive)).toBe(true);
    expect(passes('entity:外交部', extractive)).toBe(true);
    expect(passes('entity:上海', extractive)).toBe(false);
  });

  it('combines fields with AND, OR, exclusions and plain words, and names the clause that failed', () => {
    expect(passes('entity:台灣 topic:weather', typhoon)).toBe(true);
    expect(passes('topic:business OR topic:weather', typhoon)).toBe(true);
    expect(passes('-title:sponsored', typhoon)).toBe(true);
    expect(passes('-sponsored', typhoon)).toBe(false);
    expect(passes('rain -author:lin', typhoon)).toBe(false);
    const query = parseFilter('entity:台灣 topic:business OR topic:sports -author:lin', NOW);
    expect(unmatchedClause(query, typhoon)).toBe('topic:business OR topic:sports');
    expect(unmatchedClause(parseFilter('typhoon -author:"Lin Mei-hua"', NOW), typhoon)).toBe('-author:"Lin Mei-hua"');
    expect(unmatchedClause(parseFilter('lang:en', NOW), typhoon)).toBe('lang:en');
    expect(unmatchedClause(parseFilter('title:typhoon', NOW), typhoon)).toBeNull();
  });

  it('runs title:/…/ patterns with RE2, case-insensitively, spaces and slashes escaped included', () => {
    expect(passes('title:/^颱風.*taiwan$/', typhoon)).toBe(true);
    expect(passes('title:/nears (taiwan|japan)/', typhoon)).toBe(true);
    expect(passes('title:/^typhoon/', typhoon)).toBe(false);
    expect(passes('link:/\\/zh\\/typhoon\\//', typhoon)).toBe(true);
    expect(passes('-title:/sponsor(ed)?/ category:/^asia/', typhoon)).toBe(true);
  });

  it('refuses patterns RE2 cannot run in linear time, too long, empty or unclosed, as user errors', () => {
    expect(userErrorKey(() => parseFilter('title:/(a)\\1/', NOW))).toBe('filterPatternInvalid');
    expect(userErrorKey(() => parseFilter('title:/(?=a)b/', NOW))).toBe('filterPatternInvalid');
    expect(userErrorKey(() => parseFilter('title:/(?<!a)b/', NOW))).toBe('filterPatternInvalid');
    expect(userErrorKey(() => parseFilter(`title:/${'a'.repeat(201)}/`, NOW))).toBe('filterPatternTooLong');
    expect(userErrorKey(() => parseFilter('title://', NOW))).toBe('filterPatternEmpty');
    expect(userErrorKey(() => parseFilter('title:/open', NOW))).toBe('filterPatternNotClosed');
    expect(userErrorKey(() => parseFilter('entity:', NOW))).toBe('filterFieldEmpty');
  });

  it('returns an answer for classic ReDoS patterns on a 1 MB title', () => {
    const long = article({ title: `${'a'.repeat(999_999)}!` });
    expect(passes('title:/(a+)+$/', long)).toBe(false);
    expect(passes('title:/(a+)+!$/', long)).toBe(true);
    const xs = article({ title: 'x'.repeat(1_000_000) });
    expect(passes('title:/(x+x+)+y/', xs)).toBe(false);
    expect(passes('title:/(x+x+)+$/', xs)).toBe(true);
  });

  it('allows a filter of exclusions only, but not a topic', () => {
    expect(passes('-title:typhoon', typhoon)).toBe(false);
    expect(userErrorKey(() => parseQuery('-title:typhoon', NOW, { fields: true }))).toBe('queryOnlyExclusions');
  });

  it('leaves archive queries as they were: field names are words there', () => {
    const query = parseQuery('title:typhoon', NOW);
    expect(query.all).toEqual([[{ tokens: ['title', 'typhoon'] }]]);
  });

  it('files topics with field terms so that only candidates are tested, and tests unfileable ones always', () => {
    const topics = [
      { id: 1, query: parseQuery('entity:台灣', NOW, { fields: true }) },
      { id: 2, query: parseQuery('author:lin', NOW, { fields: true }) },
      { id: 3, query: parseQuery('title:/typhoon/', NOW, { fields: true }) },
      { id: 4, query: parseQuery('entity:日本', NOW, { fields: true }) },
      { id: 5, query: parseQuery('topic:weather author:chen', NOW, { fields: true }) },
    ];
    const index = compileTopics(topics);
    expect(index.always.map((f) => f.topic.id)).toEqual([2, 3]);
    expect(matchTopics(index, typhoon)).toEqual([1, 2, 3]);
  });
});
