import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { assignStoryKey } from '../../../src/pipeline/stories/story-key.js';
import { ensureSummary } from '../../../src/pipeline/summarize/summaries.js';
import type { Summarizer } from '../../../src/summarize/summarizer.js';
import { databases, testDeps } from './harness.js';

const article = {
  title: 'Harbour reopens after the storm',
  contentText: 'The harbour reopened on Monday after the storm. Ferries run on the usual timetable again.',
};

describe.each(databases)('summary claims on $name', (database) => {
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;

  beforeAll(async () => {
    db = await database.open();
    // A claim lasts one second unless its holder renews it.
    deps = await testDeps(db.url, { JOB_LOCK_SECONDS: '1' });
  });
  afterAll(async () => {
    await deps?.store.close();
    await db?.dispose();
  });

  it('keeps a working holder’s claim past JOB_LOCK_SECONDS, so a second caller waits for its summary', async () => {
    let calls = 0;
    const slow: Summarizer = {
      variant: deps.summarizer.variant,
      async summarize(input, opts) {
        calls++;
        await sleep(2_500);
        return deps.summarizer.summarize(input, opts);
      },
    };
    const worker = { ...deps, summarizer: slow };
    const source = { ...article, storyKey: await assignStoryKey(deps.store.stories, article, Date.now()) };

    const [first, second] = await Promise.all([
      ensureSummary(worker, source, 'en', 'brief'),
      // Asks after the first claim's initial second has passed: only its renewal keeps this caller out.
      sleep(1_500).then(() => ensureSummary(worker, source, 'en', 'brief')),
    ]);
    expect(calls).toBe(1);
    expect(second).toEqual(first);
  });
});
