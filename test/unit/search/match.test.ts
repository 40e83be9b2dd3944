import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../../src/search/document.js';
import { compileTopics, matchTopics, prepareDocument, queryMatches } from '../../../src/search/match.js';
import { parseQuery } from '../../../src/search/query.js';

const NOW = Date.UTC(2024, 5, 15);

function article(
  title: string,
  contentText = '',
  extra: { topics?: string[]; categories?: string[]; lang?: string } = {},
) {
  return prepareDocument({
    doc: buildDocument({
      title,
      contentText,
      categories: extra.categories ?? [],
      feedTitle: 'DW 中文',
      summaries: extra.topics ? [{ headline: '', summary: '', keyPoints: [], topics: extra.topics, entities: [] }] : [],
    }),
    feedId: 7,
    feedTitle: 'DW 中文',
    feedUrl: 'https://rss.dw.example/zh',
    lang: extra.lang ?? 'zh-tw',
    at: NOW,
  });
}

const matches = (query: string, doc: ReturnType<typeof article>) => queryMatches(parseQuery(query, NOW), doc);

describe('topic matching', () => {
  it('decides the search cases the same way for a new article', () => {
    const strait = article('台灣海峽局勢', '德國關注。');
    expect(matches('台湾', strait)).toBe(true);
    expect(matches('台灣', strait)).toBe(true);
    expect(matches('海峽 德国', strait)).toBe(true);
    expect(matches('灣', strait)).toBe(true);
    const conductor = article('超導體研究');
    expect(matches('半導體', conductor)).toBe(false);
    expect(matches('導體', conductor)).toBe(true);
  });

  it('handles English phrases, exclusions, OR, LLM topics, categories and filters', () => {
    const summit = article('Climate change summit', 'Leaders meet.', {
      topics: ['Diplomacy'],
      categories: ['World'],
      lang: 'en',
    });
    const league = article('Climate of the league', 'Sports and climate change.', { lang: 'en' });
    expect(matches('"climate change"', summit)).toBe(true);
    expect(matches('"change climate"', summit)).toBe(false);
    expect(matches('"climate change" -sports', league)).toBe(false);
    expect(matches('climate -sports', summit)).toBe(true);
    expect(matches('diplomacy world', summit)).toBe(true);
    expect(matches('hockey OR leaders', summit)).toBe(true);
    expect(matches('climate lang:en feed:dw', summit)).toBe(true);
    expect(matches('climate lang:zh', summit)).toBe(false);
    expect(matches('climate feed:8', summit)).toBe(false);
    expect(matches('climate feed:7', summit)).toBe(true);
  });
});

describe('compileTopics and matchTopics', () => {
  const queries = [
    '台灣 半導體',
    '半導體',
    'climate -sports',
    '"climate change"',
    'hockey OR 晶片',
    '灣',
    'taiwan feed:dw',
    'election lang:en',
  ];
  const topics = queries.map((q, i) => ({ id: i + 1, query: parseQuery(q, NOW) }));
  const index = compileTopics(topics);
  const docs = [
    article('台灣半導體出口創新高', '晶片需求'),
    article('超導體', '導體'),
    article('Climate change and sports', '', { lang: 'en' }),
    article('Climate change summit', 'Taiwan attends.', { lang: 'en' }),
    article('Election day', '', { lang: 'en' }),
  ];

  it('finds the topics each article matches', () => {
    expect(docs.map((d) => matchTopics(index, d))).toEqual([[1, 2, 5, 6], [], [4], [3, 4, 7], [8]]);
  });

  it('agrees with testing every topic, also when keys are chosen by document frequency', () => {
    const byFrequency = compileTopics(topics, (token) => (token === '台湾' ? 0.9 : 0.1));
    for (const doc of docs) {
      expect(matchTopics(byFrequency, doc)).toEqual(matchTopics(index, doc));
    }
  });

  it('agrees with testing every topic', () => {
    for (const doc of docs) {
      const naive = topics.filter((t) => queryMatches(t.query, doc)).map((t) => t.id);
      expect(matchTopics(index, doc)).toEqual(naive);
    }
  });

  it('files each topic under one required clause only', () => {
    const filed = [...index.byToken.values(), ...index.byChar.values()].flat().map((f) => f.topic.id);
    // Topic 5 (an OR) is filed under both alternatives, every other topic once.
    expect(filed.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 5, 6, 7, 8]);
  });
});
