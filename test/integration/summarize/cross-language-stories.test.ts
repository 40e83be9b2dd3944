import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { ensureSummary } from '../../../src/pipeline/summarize/summaries.js';
import type { SummaryRow } from '../../../src/store/store.js';
import { FAKE_EMBEDDING_DIMENSIONS, type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { databases, testDeps } from './harness.js';

const english = {
  title: 'TSMC begins volume production at second Arizona plant',
  contentText:
    'The chipmaker said its second factory in Phoenix, Arizona, had begun volume production of 3-nanometre chips. The plant started output months ahead of schedule.',
};
const chinese = {
  title: '台積電亞利桑那第二座廠量產3奈米',
  contentText:
    '台積電（TSMC）今天表示，位於美國亞利桑那州（Arizona）鳳凰城（Phoenix）的第二座晶圓廠已開始量產3奈米晶片。新廠量產時程比原訂計畫提前數個月。',
};
/** The same pair of reports for the entity test, reworded so that they are new stories, not copies of the first. */
const reworded = [
  {
    title: 'Samsung opens Texas chip plant after delay',
    contentText:
      'The company opened its factory in Taylor, Texas, where Governor Greg Abbott attended the ceremony with Samsung executives.',
  },
  {
    title: '三星德州晶片廠正式啟用',
    contentText:
      '三星電子（Samsung）今天在美國德州（Texas）泰勒市（Taylor）啟用晶片廠，州長艾伯特（Greg Abbott）出席典禮。',
  },
  {
    title: 'Cathay Pacific cabin crew strike in Hong Kong',
    contentText:
      'Cabin crew at the airline walked out over rosters, and Cathay Pacific cancelled dozens of flights from Hong Kong.',
  },
];
const other = {
  title: 'Lufthansa cancels hundreds of flights as ground staff strike',
  contentText:
    'Lufthansa cancelled more than 800 flights at its Frankfurt and Munich hubs on Thursday as ground staff walked out in a pay dispute called by the Verdi union.',
};

describe.each(databases)('stories across languages on $name', (database) => {
  let openai: FakeOpenAiServer;
  let db: { url: string; dispose(): Promise<void> };
  const opened: Deps[] = [];

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    db = await database.open();
  });
  afterAll(async () => {
    for (const deps of opened) await deps.store.close();
    await openai?.close();
    await db?.dispose();
  });

  const summarizeAll = async (env: Record<string, string>, articles = [english, chinese, other]) => {
    const deps = await testDeps(db.url, {
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MODEL: 'fake-model',
      ...env,
    });
    opened.push(deps);
    const summarize = (article: typeof english) =>
      ensureSummary(deps, { ...article, storyKey: null }, 'source', 'standard');
    const rows: SummaryRow[] = [];
    for (const article of articles) rows.push(await summarize(article));
    const [en, zh, unrelated] = rows as [SummaryRow, SummaryRow, SummaryRow];
    const idOf = (key: string) => deps.store.stories.storyIdOf(key);
    return { deps, en, zh, unrelated, idOf };
  };

  it('links an English and a Chinese report by their summaries embeddings, each keeping its own summary', async () => {
    const { deps, en, zh, unrelated, idOf } = await summarizeAll({ OPENAI_EMBEDDINGS_MODEL: 'fake-embedding' });
    // Two summaries, one per language: a cross-language match never reuses one.
    expect(zh.storyKey).not.toBe(en.storyKey);
    expect(zh.headline).toContain('台積電');
    expect(await idOf(zh.storyKey)).toBe(en.storyKey);
    expect(await idOf(en.storyKey)).toBe(en.storyKey);
    expect(await idOf(unrelated.storyKey)).toBe(unrelated.storyKey);

    const embedded = openai.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embedded.map((r) => r.body?.model)).toEqual(['fake-embedding', 'fake-embedding', 'fake-embedding']);
    const facts = (await deps.store.stories.get(zh.storyKey))?.facts;
    expect(facts?.embedding).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
    expect(facts).toMatchObject({ family: 'zh', entities: expect.arrayContaining(['TSMC', 'Arizona', 'Phoenix']) });
  });

  it('links them by the English names of their entities without an embeddings model', async () => {
    openai.requests.length = 0;
    const { deps, en, zh, unrelated, idOf } = await summarizeAll({}, reworded);
    expect(openai.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(0);
    expect((await deps.store.stories.get(zh.storyKey))?.facts?.embedding).toBeUndefined();
    expect(await idOf(zh.storyKey)).toBe(await idOf(en.storyKey));
    expect(await idOf(unrelated.storyKey)).not.toBe(await idOf(en.storyKey));
  });
});
