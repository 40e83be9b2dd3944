import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/i18n/user-error.js';
import { toFts5, toTsquery, toTsvector } from '../../../src/search/compile.js';
import { parseQuery } from '../../../src/search/query.js';

const NOW = Date.UTC(2024, 5, 15);
const DAY = 86_400_000;

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and OR groups, normalized', () => {
    const q = parseQuery('台灣 "Climate Change" -sports chips OR 晶片', NOW);
    expect(q.all).toEqual([
      [{ tokens: ['台湾'] }],
      [{ tokens: ['climate', 'change'] }],
      [{ tokens: ['chips'] }, { tokens: ['晶片'] }],
    ]);
    expect(q.none).toEqual([{ tokens: ['sports'] }]);
  });

  it('makes a multi-token word a phrase (a CJK word is its bigrams in order)', () => {
    expect(parseQuery('布林肯', NOW).all).toEqual([[{ tokens: ['布林', '林肯'] }]]);
  });

  it('reads the filters', () => {
    const q = parseQuery('taiwan feed:"DW 中文" feed:12 since:7d before:2024-06-01 lang:zh-TW', NOW);
    expect(q.feeds).toEqual(['DW 中文', '12']);
    expect(q.since).toBe(NOW - 7 * DAY);
    expect(q.before).toBe(Date.UTC(2024, 5, 1));
    expect(q.langs).toEqual(['zh-tw']);
  });

  it.each([
    ['', /Type a few words/],
    ['-sports', /besides the exclusions/],
    ['"unclosed phrase', /quote is not closed/],
    ['unopened phrase"', /quote is not opened/],
    ['-"unclosed', /quote is not closed/],
    ['"one" two" three', /quote is not opened/],
    ['feed:dw"', /quote is not opened/],
    ['x feed:"DW 中文', /quote is not closed/],
    ['OR taiwan', /OR needs a word/],
    ['taiwan OR', /OR needs a word/],
    ['a OR -b', /OR cannot join an exclusion/],
    ['x since:yesterday', /since: expects a date/],
    ['x before:2024-02-30', /before: expects a date/],
    ['x lang:???', /lang: expects a language code/],
    ['x feed:', /feed: needs a value/],
    ['🎉 !!!', /Type a few words/],
  ])('explains what is wrong with %j', (query, message) => {
    expect(() => parseQuery(query, NOW)).toThrow(UserError);
    expect(() => parseQuery(query, NOW)).toThrow(message);
  });

  it('reads a quote inside a word as the start of a phrase, so quotes always pair up', () => {
    expect(parseQuery('chips"climate change" taiwan', NOW).all).toEqual([
      [{ tokens: ['chips'] }],
      [{ tokens: ['climate', 'change'] }],
      [{ tokens: ['taiwan'] }],
    ]);
  });

  it('keeps query syntax characters as text: no quote or operator reaches the engines unquoted', () => {
    const q = parseQuery(`a"b" OR "c" NEAR(x) col:y '); drop table articles; --`, NOW);
    expect(toFts5(q)).not.toMatch(/NEAR\(|drop table/);
    expect(toTsquery(q)).toContain(`'drop'`);
  });
});

describe('compile', () => {
  it('builds an FTS5 expression with phrases, a character column for one-character terms, and NOT', () => {
    const q = parseQuery('"climate change" 台 -sports a OR b', NOW);
    expect(toFts5(q)).toBe(
      '(({head body} : "climate change") AND (chars : "台") AND ({head body} : "a" OR {head body} : "b")) NOT ({head body} : "sports")',
    );
  });

  it('builds a tsquery with <-> phrases and negation', () => {
    const q = parseQuery('"climate change" 台灣 -sports', NOW);
    expect(toTsquery(q)).toBe(`(('climate' <-> 'change')) & ('台湾') & !('sports')`);
  });

  it('builds a tsvector with head, body and bare character lexemes', () => {
    expect(toTsvector({ head: ['a', 'b'], body: ['a', "it's"], chars: ['台', '湾'] })).toBe(
      `'a':1A,4B 'b':2A 'it''s':5B '台' '湾'`,
    );
  });
});
