import { describe, expect, it } from 'vitest';
import {
  adaptersUnderTest,
  coverageOf,
  itCalledEveryMethod,
  MINUTE,
  newArticle,
  newBriefing,
  newFeed,
  subscribedFeed,
  T0,
  useFixture,
} from './harness.js';

describe.each(adaptersUnderTest())('briefing repository on $name', (adapter) => {
  const coverage = coverageOf('briefings');
  const fx = useFixture(adapter, coverage);

  it('keeps briefings per guild with their scope, finds the due ones and moves each due instant once', async () => {
    const { store } = fx();
    const { feed } = await subscribedFeed(store, 'https://a.example/');
    const all = await store.briefings.create(newBriefing(), T0 - MINUTE);
    const one = await store.briefings.create(
      newBriefing({
        scope: { kind: 'feed', feedId: feed.id },
        nextAt: T0 + MINUTE,
        timezone: 'Asia/Taipei',
        style: 'brief',
      }),
      T0,
    );
    const topic = await store.briefings.create(
      newBriefing({ guildId: 'g2', scope: { kind: 'topic', query: 'rust' }, language: 'zh-TW' }),
      T0,
    );
    expect(await store.briefings.get(one.id)).toEqual(one);
    expect(one).toMatchObject({ scope: { kind: 'feed', feedId: feed.id }, timezone: 'Asia/Taipei', style: 'brief' });
    expect(topic.scope).toEqual({ kind: 'topic', query: 'rust' });
    expect((await store.briefings.ofGuild('g1')).map((b) => b.id)).toEqual([all.id, one.id]);
    expect((await store.briefings.due(T0, 10)).map((b) => b.id)).toEqual([all.id, topic.id]);
    expect(await store.briefings.due(T0, 1)).toHaveLength(1);

    expect(await store.briefings.reschedule(all.id, T0, T0 + 1440 * MINUTE, '2023-11-15')).toBe(true);
    // A second scheduler run holding the old instant moves nothing.
    expect(await store.briefings.reschedule(all.id, T0, T0 + 2, '2023-11-15')).toBe(false);
    expect(await store.briefings.get(all.id)).toMatchObject({ nextAt: T0 + 1440 * MINUTE, periodKey: '2023-11-15' });

    expect(await store.briefings.remove('g2', all.id)).toBe(false);
    expect(await store.briefings.remove('g1', all.id)).toBe(true);
    expect(await store.briefings.get(all.id)).toBeNull();
  });

  it('records one run per period, each part once, and its end', async () => {
    const { store } = fx();
    const b = await store.briefings.create(newBriefing(), T0);
    const first = await store.briefings.startRun(b.id, '2023-11-14', T0);
    expect(first).toEqual({ earlierStartAt: null, doneAt: null, content: null, parts: new Map() });
    const content = {
      opening: 'Quiet day.',
      openingSource: 'llm' as const,
      stories: [{ line: 'Rust 2.0', link: 'https://a.example/1', outlets: ['A', 'B'] }],
      language: 'en-US',
    };
    expect(await store.briefings.keepContent(b.id, '2023-11-14', content)).toEqual(content);
    // A second composition (a retry racing the first) gets the first one back and changes nothing.
    const later = { ...content, opening: 'Busy day.', stories: [] };
    expect(await store.briefings.keepContent(b.id, '2023-11-14', later)).toEqual(content);
    await store.briefings.recordPart(b.id, '2023-11-14', 0, 'm0');
    await store.briefings.recordPart(b.id, '2023-11-14', 0, 'other');
    const again = await store.briefings.startRun(b.id, '2023-11-14', T0 + MINUTE);
    expect(again).toEqual({ earlierStartAt: T0, doneAt: null, content, parts: new Map([[0, 'm0']]) });
    await store.briefings.finishRun(b.id, '2023-11-14', T0 + 2);
    await store.briefings.finishRun(b.id, '2023-11-14', T0 + 3);
    expect((await store.briefings.startRun(b.id, '2023-11-14', T0 + 4)).doneAt).toBe(T0 + 2);
    // The next period is a run of its own.
    expect((await store.briefings.startRun(b.id, '2023-11-15', T0 + 5)).earlierStartAt).toBeNull();
  });

  it('prunes the oldest period records started before the cutoff, with their messages', async () => {
    const { store, db } = fx();
    const b = await store.briefings.create(newBriefing(), T0);
    const other = await store.briefings.create(newBriefing(), T0);
    for (const [id, key, at] of [
      [b.id, '2023-10-01', T0 - 3 * MINUTE],
      [other.id, '2023-10-01', T0 - 2 * MINUTE],
      [b.id, '2023-10-02', T0 - MINUTE],
      [b.id, '2023-11-14', T0],
    ] as const) {
      await store.briefings.startRun(id, key, at);
      await store.briefings.recordPart(id, key, 0, `${id}-${key}-0`);
      await store.briefings.recordPart(id, key, 1, `${id}-${key}-1`);
    }
    expect(await store.briefings.pruneRuns(T0, 2)).toBe(2);
    expect(await store.briefings.pruneRuns(T0, 2)).toBe(1);
    expect(await store.briefings.pruneRuns(T0, 2)).toBe(0);
    const runs = await db.tables().selectFrom('briefing_runs').select(['briefing_id', 'period_key']).execute();
    expect(runs.map((r) => [Number(r.briefing_id), r.period_key])).toEqual([[b.id, '2023-11-14']]);
    const parts = await db.tables().selectFrom('briefing_parts').select('message_id').orderBy('message_id').execute();
    expect(parts.map((p) => p.message_id)).toEqual([`${b.id}-2023-11-14-0`, `${b.id}-2023-11-14-1`]);
    // The record kept is whole: a retry of that period still finds its messages.
    expect((await store.briefings.startRun(b.id, '2023-11-14', T0 + 1)).parts.size).toBe(2);
  });

  it('lists a period’s articles in scope, newest first', async () => {
    const { store } = fx();
    const { feed: a } = await subscribedFeed(store, 'https://a.example/');
    const { feed: b } = await subscribedFeed(store, 'https://b.example/');
    const other = await store.feeds.upsert(newFeed('https://other.example/'));
    const [a1] = await store.articles.insert(a.id, [newArticle('a1')], 'new', T0);
    const [b1] = await store.articles.insert(b.id, [newArticle('b1')], 'new', T0 + MINUTE);
    await store.articles.insert(a.id, [newArticle('late')], 'new', T0 + 10 * MINUTE);
    await store.articles.insert(other.id, [newArticle('x')], 'new', T0);
    const period = { guildId: 'g1', feedId: null, articleIds: null, since: T0, until: T0 + 10 * MINUTE, limit: 10 };
    const listed = await store.briefings.periodArticles(period);
    expect(listed.map((r) => [r.articleId, r.feedUrl, r.seenAt])).toEqual([
      [b1?.id, 'https://b.example/', T0 + MINUTE],
      [a1?.id, 'https://a.example/', T0],
    ]);
    expect((await store.briefings.periodArticles({ ...period, feedId: a.id })).map((r) => r.articleId)).toEqual([
      a1?.id,
    ]);
    expect(
      (await store.briefings.periodArticles({ ...period, articleIds: [a1?.id ?? 0] })).map((r) => r.title),
    ).toEqual(['Title a1']);
    expect(await store.briefings.periodArticles({ ...period, articleIds: [] })).toEqual([]);
    expect(await store.briefings.periodArticles({ ...period, guildId: 'g2' })).toEqual([]);
  });

  itCalledEveryMethod(coverage);
});
