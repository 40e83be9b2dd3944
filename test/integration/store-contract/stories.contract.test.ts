import { describe, expect, it } from 'vitest';
import type { StoryFacts, Summary } from '../../../src/domain.js';
import type { Store, StoryCandidate, StorySignature } from '../../../src/store/store.js';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, MINUTE, T0, useFixture } from './harness.js';

const CHINESE_TEXT = '德國總理默克爾週三表示，台灣海峽的和平與穩定符合各方利益。\n\n「我們密切關注局勢。」';

const summary: Summary = {
  headline: '默克爾呼籲維持台海和平',
  summary: CHINESE_TEXT,
  keyPoints: ['和平', '穩定'],
  topics: ['台灣', '德國'],
  entities: ['默克爾'],
  language: 'zh-TW',
  kind: 'news',
  source: 'llm',
  model: 'gpt-x',
};

const story = (key: string, bands: string[]): StorySignature => ({ key, signature: `sig-${key}`, bands });
const DAY = 24 * 60 * MINUTE;
const match = { since: T0 - DAY, limit: 10 };

/** Assigns `signature`, recording the candidates offered and taking the first one, or none. */
async function assignFirst(store: Store, signature: StorySignature, now = T0, within = match) {
  let offered: StoryCandidate[] = [];
  const result = await store.stories.assign(
    signature,
    (candidates) => {
      offered = candidates;
      return candidates[0]?.storyKey ?? null;
    },
    now,
    within,
  );
  return { ...result, offered };
}

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('story repository on $name', (adapter) => {
  const coverage = coverageOf('stories');
  const fx = useFixture(adapter, coverage);

  it('stores one summary per story, language and style, and returns the first on a repeat', async () => {
    const { store } = fx();
    expect(await store.stories.getSummary('s1', 'zh-TW', 'standard')).toBeNull();
    const stored = await store.stories.putSummary('s1', 'zh-TW', 'standard', summary, T0);
    expect(stored).toMatchObject({
      ...summary,
      storyKey: 's1',
      requestedLanguage: 'zh-TW',
      style: 'standard',
      createdAt: T0,
    });
    const again = await store.stories.putSummary('s1', 'zh-TW', 'standard', { ...summary, headline: 'other' }, T0 + 1);
    expect(again).toEqual(stored);
    expect(await store.stories.getSummary('s1', 'zh-TW', 'standard')).toEqual(stored);

    const brief = await store.stories.putSummary(
      's1',
      'zh-TW',
      'brief',
      { ...summary, source: 'extractive', model: null },
      T0,
    );
    const english = await store.stories.putSummary('s1', 'en', 'standard', { ...summary, keyPoints: [] }, T0);
    expect(new Set([stored.id, brief.id, english.id]).size).toBe(3);
    expect(await store.stories.getSummary('s1', 'zh-TW', 'brief')).toMatchObject({ source: 'extractive', model: null });
    expect(await store.stories.getSummary('s1', 'en', 'standard')).toMatchObject({ keyPoints: [] });
  });

  it('keeps a summary per summarizer variant, the default variant apart from named ones', async () => {
    const { store } = fx();
    const plain = await store.stories.putSummary('s1', 'en', 'standard', summary, T0);
    const named = await store.stories.putSummary('s1', 'en', 'standard', { ...summary, headline: 'v2' }, T0, 'm/p2');
    expect(named.id).not.toBe(plain.id);
    expect(await store.stories.getSummary('s1', 'en', 'standard', 'm/p2')).toMatchObject({ headline: 'v2' });
    expect(await store.stories.getSummary('s1', 'en', 'standard', '')).toEqual(plain);
    expect(await store.stories.getSummary('s1', 'en', 'standard', 'm/p3')).toBeNull();
  });

  it('creates a story when nothing matches, and offers it to a later article sharing a band', async () => {
    const { store } = fx();
    expect(await assignFirst(store, story('a', ['a0', 'a1', 'a2']))).toEqual({
      storyKey: 'a',
      created: true,
      offered: [],
    });
    const copy = await assignFirst(store, story('b', ['x0', 'a1', 'x2']), T0 + MINUTE);
    expect(copy).toEqual({
      storyKey: 'a',
      created: false,
      offered: [{ storyKey: 'a', signature: 'sig-a', createdAt: T0 }],
    });
    // Joining a story creates nothing: a third article sharing only the second one's own bands finds no story.
    expect(await assignFirst(store, story('c', ['x0', 'y1', 'x2']), T0 + 2 * MINUTE)).toMatchObject({
      storyKey: 'c',
      created: true,
      offered: [],
    });
    // Asking again for a key that exists finds it rather than creating it twice.
    expect(await store.stories.assign(story('a', ['a0']), () => null, T0 + 3 * MINUTE, match)).toEqual({
      storyKey: 'a',
      created: false,
    });
    expect(await assignFirst(store, story('d', []), T0 + 4 * MINUTE)).toMatchObject({ created: true, offered: [] });
  });

  it('offers the stories sharing the most bands first, then the newest, only since match.since and up to match.limit', async () => {
    const { store } = fx();
    const create = (signature: StorySignature, at: number) => store.stories.assign(signature, () => null, at, match);
    await create(story('old', ['p0', 'p1', 'p2']), T0 - 2 * DAY);
    await create(story('one', ['p0', 'q1', 'q2']), T0);
    await create(story('two', ['p0', 'p1', 'r2']), T0 + MINUTE);
    await create(story('newer-one', ['s0', 's1', 'p2']), T0 + 2 * MINUTE);

    const probe = story('probe', ['p0', 'p1', 'p2']);
    const all = await assignFirst(store, probe, T0 + 3 * MINUTE, { since: T0 - 3 * DAY, limit: 10 });
    expect(all.offered.map((c) => c.storyKey)).toEqual(['old', 'two', 'newer-one', 'one']);

    const recent = await store.stories.assign(probe, () => null, T0 + 3 * MINUTE, { since: T0 - DAY, limit: 2 });
    expect(recent).toEqual({ storyKey: 'probe', created: true });
    let offered: string[] = [];
    await store.stories.assign(
      story('probe-2', ['p0', 'p1', 'p2']),
      (c) => {
        offered = c.map((x) => x.storyKey);
        return null;
      },
      T0 + 4 * MINUTE,
      { since: T0 - DAY, limit: 2 },
    );
    expect(offered).toEqual(['probe', 'two']);
  });

  it('gives two copies of a story assigned at the same time one key', async () => {
    const { db } = fx();
    const [a, b] = db.openConcurrent(2) as [Store, Store];
    await Promise.all([a.ping(), b.ping()]);
    for (let round = 0; round < 5; round++) {
      const bands = [`r${round}-0`, `r${round}-1`];
      const [x, y] = await Promise.all([
        assignFirst(a, story(`x${round}`, bands), T0 + round),
        assignFirst(b, story(`y${round}`, bands), T0 + round),
      ]);
      expect(x.storyKey).toBe(y.storyKey);
      expect([x.created, y.created].sort()).toEqual([false, true]);
    }
  });

  it('lets one owner hold a summary claim until it expires or is released, renewing it meanwhile', async () => {
    const { store } = fx();
    const ttl = 10 * MINUTE;
    expect(await store.stories.claimSummary('k', 'alice', T0, ttl)).toBe(true);
    expect(await store.stories.claimSummary('k', 'bob', T0 + MINUTE, ttl)).toBe(false);
    expect(await store.stories.claimSummary('other', 'bob', T0 + MINUTE, ttl)).toBe(true);
    // Alice renews: her claim now runs to T0 + 15 minutes.
    expect(await store.stories.claimSummary('k', 'alice', T0 + 5 * MINUTE, ttl)).toBe(true);
    expect(await store.stories.claimSummary('k', 'bob', T0 + 12 * MINUTE, ttl)).toBe(false);
    expect(await store.stories.claimSummary('k', 'bob', T0 + 16 * MINUTE, ttl)).toBe(true);
    expect(await store.stories.claimSummary('k', 'alice', T0 + 17 * MINUTE, ttl)).toBe(false);

    // Releasing someone else's claim does nothing; releasing one's own frees it at once.
    await store.stories.releaseSummaryClaim('k', 'alice');
    expect(await store.stories.claimSummary('k', 'carol', T0 + 18 * MINUTE, ttl)).toBe(false);
    await store.stories.releaseSummaryClaim('k', 'bob');
    expect(await store.stories.claimSummary('k', 'carol', T0 + 18 * MINUTE, ttl)).toBe(true);
  });

  it('keeps the first facts of a story, lists recent stories with facts, and links one story to another', async () => {
    const { store } = fx();
    const facts = (entities: string[]): StoryFacts => ({ family: 'latin', entities, topics: ['world'], measures: [] });
    await assignFirst(store, story('en', ['e1']), T0);
    await assignFirst(store, story('zh', ['z1']), T0 + MINUTE);
    await assignFirst(store, story('old', ['o1']), T0 - 2 * DAY);
    expect(await store.stories.get('en')).toEqual({
      storyKey: 'en',
      storyId: 'en',
      signature: 'sig-en',
      facts: null,
      createdAt: T0,
    });
    expect(await store.stories.get('missing')).toBeNull();

    expect(await store.stories.putFacts('en', facts(['TSMC']))).toBe(true);
    expect(await store.stories.putFacts('en', facts(['other']))).toBe(false);
    expect(await store.stories.putFacts('old', facts(['TSMC']))).toBe(true);
    expect(await store.stories.putFacts('zh', { ...facts(['TSMC']), family: 'zh', embedding: [0.5, -0.25] })).toBe(
      true,
    );
    expect((await store.stories.get('en'))?.facts).toEqual(facts(['TSMC']));

    // Newest first, since the given time, without the story asking, at most `limit`.
    const recent = await store.stories.recentWithFacts(T0 - DAY, 10, 'nobody');
    expect(recent.map((s) => s.storyKey)).toEqual(['zh', 'en']);
    expect(recent[0]?.facts.embedding).toEqual([0.5, -0.25]);
    expect((await store.stories.recentWithFacts(T0 - DAY, 10, 'zh')).map((s) => s.storyKey)).toEqual(['en']);
    expect(await store.stories.recentWithFacts(T0 - DAY, 1, 'nobody')).toHaveLength(1);

    await store.stories.link('zh', 'en');
    expect(await store.stories.storyIdOf('zh')).toBe('en');
    expect(await store.stories.storyIdOf('en')).toBe('en');
    expect(await store.stories.storyIdOf('missing')).toBeNull();
    expect((await store.stories.recentWithFacts(T0 - DAY, 10, 'en'))[0]?.storyId).toBe('en');
  });

  itCalledEveryMethod(coverage);
});
