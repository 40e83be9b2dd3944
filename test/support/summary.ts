import type { Summary } from '../../src/domain.js';

/** A stored summary as the tests need one: an extractive English news summary unless `over` says otherwise. */
export function testSummary(headline: string, over: Partial<Summary> = {}): Summary {
  return {
    headline,
    summary: `${headline}.`,
    keyPoints: [],
    topics: [],
    entities: [],
    language: 'en',
    kind: 'news',
    source: 'extractive',
    model: null,
    ...over,
  };
}
