import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import {
  assignStoryKey,
  STORY_CANDIDATES,
  STORY_MATCH_DAYS,
  STORY_MATCH_HOURS,
  storyFingerprint,
} from '../../../src/pipeline/stories/story-key.js';
import type { StoryCandidate } from '../../../src/store/store.js';
import { databases, testDeps } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);

/** Item `n` of a templated feed: every item reads alike, only the number in the title and text changes. */
const templated = (n: number, topic = 'council') => ({
  title: `Bulletin ${n}: the ${topic} met today`,
  contentText: `Bulletin ${n} reports that the ${topic} met today and agreed the budget for the coming year after a long debate. Members thanked the staff.`,
});

describe.each(databases)('story matching on $name', (database) => {
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;

  beforeAll(async () => {
    db = await database.open();
    deps = await testDeps(db.url);
  });
  afterAll(async () => {
    await deps?.store.close();
    await db?.dispose();
  });

  it('finds a copy among more look-alike items than it reads, by the bands they share', async () => {
    const original = await assignStoryKey(deps.store.stories, templated(1), T0);
    // Newer items of the same template, more than the candidates read: by recency alone, the original is not read.
    for (let n = 2; n <= STORY_CANDIDATES + 20; n++)
      await assignStoryKey(deps.store.stories, templated(n), T0 + n * 60_000);

    const copy = storyFingerprint(templated(1));
    let seen: StoryCandidate[] = [];
    const { storyKey } = await deps.store.stories.assign(
      { ...copy, key: 'not-this-one' },
      (candidates) => {
        seen = candidates;
        return candidates.find((c) => c.signature === copy.signature)?.storyKey ?? null;
      },
      T0 + DAY,
      { since: T0, limit: STORY_CANDIDATES },
    );
    expect(storyKey).toBe(original);
    expect(seen).toHaveLength(STORY_CANDIDATES);
    // The whole pipeline agrees: the same item again is the same story, another item of the template is not.
    expect(await assignStoryKey(deps.store.stories, templated(1), T0 + DAY)).toBe(original);
    expect(await assignStoryKey(deps.store.stories, templated(STORY_CANDIDATES + 21), T0 + DAY)).not.toBe(original);
  });

  it(`matches another outlet's copy within ${STORY_MATCH_HOURS} hours of its story, not later`, async () => {
    const story = templated(800, 'port authority');
    const copy = { ...story, contentText: `(Wire) ${story.contentText} Reporting by the city desk.` };
    const original = await assignStoryKey(deps.store.stories, story, T0);
    expect(await assignStoryKey(deps.store.stories, copy, T0 + (STORY_MATCH_HOURS - 1) * HOUR)).toBe(original);
    const late = { ...story, contentText: `(Agency) ${story.contentText} Edited by the night desk.` };
    expect(await assignStoryKey(deps.store.stories, late, T0 + (STORY_MATCH_HOURS + 1) * HOUR)).not.toBe(original);
  });

  it(`matches a copy within ${STORY_MATCH_DAYS} days of its story, and makes a new story of one that comes later`, async () => {
    const story = templated(700, 'harbour board');
    const original = await assignStoryKey(deps.store.stories, story, T0);
    expect(await assignStoryKey(deps.store.stories, story, T0 + (STORY_MATCH_DAYS - 1) * DAY)).toBe(original);

    const later = { ...story, contentText: `${story.contentText} The minutes were published.` };
    const again = await assignStoryKey(deps.store.stories, later, T0 + (STORY_MATCH_DAYS + 1) * DAY);
    expect(again).not.toBe(original);
    // …which its own copies then find.
    expect(await assignStoryKey(deps.store.stories, later, T0 + (STORY_MATCH_DAYS + 2) * DAY)).toBe(again);
  });
});
