import { PermissionFlagsBits as F } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BriefingJob,
  composeBriefing,
  postBriefing,
  scheduleBriefings,
} from '../../../src/pipeline/briefings/briefings.js';
import { EVERY_DAY, nextOccurrence } from '../../../src/pipeline/briefings/schedule.js';
import type { BriefingRow } from '../../../src/store/store.js';
import { createLlmSummarizer } from '../../../src/summarize/llm.js';
import { createSummarizer, type Summarizer } from '../../../src/summarize/summarizer.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import {
  APP,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  NEWS,
  startHarness,
  twoGuilds,
} from '../../support/discord-harness.js';

const HOUR = 3_600_000;
/** Saturday 2026-10-31, 07:00 in New York (EDT); clocks fall back to EST overnight on Sunday 1 November. */
const START = Date.UTC(2026, 9, 31, 11, 0);

describe('briefings across a DST change, a restart at the scheduled minute and an outage', () => {
  let clock = START;
  let h: DiscordHarness;
  let openai: FakeOpenAiServer;
  let briefing: BriefingRow;
  const briefingsIn = (channelId: string) =>
    h.discord.messages(channelId).filter((m) => m.content.startsWith('## Briefing'));

  /** One tick of the scheduler, then each job it enqueued run as the briefing worker runs it. */
  async function tickAndPost(): Promise<BriefingJob[]> {
    const jobs = await scheduleBriefings(h.deps, async () => {});
    for (const job of jobs) await postBriefing(h.deps, job);
    return jobs;
  }

  beforeAll(async () => {
    // Replies in a forum post need Send Messages in Threads.
    const bot = F.ViewChannel | F.SendMessages | F.SendMessagesInThreads | F.ReadMessageHistory;
    const guilds = twoGuilds()?.map((g) => (g.id === GUILD_A ? { ...g, botPermissions: bot } : g));
    h = await startHarness({ now: () => clock, guilds });
    openai = await startFakeOpenAiServer();
    await h.deps.store.guilds.put({ guildId: GUILD_A, timezone: 'America/New_York' }, clock);
    const ap = await h.feed('https://ap.example/rss', 'AP @everyone', [[GUILD_A, NEWS]]);
    const dw = await h.feed('https://dw.example/rss', 'DW', [[GUILD_A, NEWS]]);
    // Friday's news: one story reported by both outlets (so it ranks first), one by AP alone.
    clock = START - 2 * HOUR;
    const quake = await h.article(ap.id, { key: 'quake', title: 'Magnitude 6.1 earthquake strikes off Taiwan' });
    const copy = await h.article(dw.id, { key: 'quake-dw', title: 'Strong quake off Taiwan' });
    await h.article(ap.id, { key: 'budget', title: 'Council approves <@&1500000000000000001> metro budget' });
    const story = await h.deps.store.articles.get(quake);
    await h.deps.store.articles.setState(copy, 'summarized', story?.storyKey ?? '');
    clock = START;
    const schedule = { localTime: '08:00', days: EVERY_DAY, timezone: 'America/New_York' };
    const first = nextOccurrence(schedule, clock);
    briefing = await h.deps.store.briefings.create(
      {
        guildId: GUILD_A,
        channelId: NEWS,
        channelType: 0,
        localTime: '08:00',
        days: EVERY_DAY,
        scope: { kind: 'all' },
        language: null,
        style: null,
        timezone: null,
        nextAt: first.at,
        periodKey: first.periodKey,
      },
      clock,
    );
  });
  afterAll(async () => {
    await h.close();
    await openai.close();
  });

  it('posts the period’s stories once even when the process dies between the post and its record', async () => {
    expect(await tickAndPost()).toEqual([]);
    clock = Date.UTC(2026, 9, 31, 12, 0, 30);
    const { briefings } = h.deps.store;
    // The first tick dies after enqueueing, before moving the briefing on; the second enqueues the same period.
    const reschedule = briefings.reschedule;
    briefings.reschedule = () => Promise.reject(new Error('killed'));
    const enqueued: BriefingJob[] = [];
    await expect(scheduleBriefings(h.deps, async (jobs) => void enqueued.push(...jobs))).rejects.toThrow('killed');
    briefings.reschedule = reschedule;
    await scheduleBriefings(h.deps, async (jobs) => void enqueued.push(...jobs));
    expect(enqueued.map((j) => j.periodKey)).toEqual(['2026-10-31', '2026-10-31']);

    // The first run's message reaches Discord, then the process dies before recording it.
    const recordPart = briefings.recordPart;
    briefings.recordPart = () => Promise.reject(new Error('killed'));
    await expect(postBriefing(h.deps, enqueued[0] as BriefingJob)).rejects.toThrow('killed');
    briefings.recordPart = recordPart;
    expect(briefingsIn(NEWS)).toHaveLength(1);
    // The restarted worker retries: the nonce gets the same message back; the duplicate job finds the period done.
    const retried = await postBriefing(h.deps, enqueued[0] as BriefingJob);
    expect(retried).toEqual({ status: 'posted', messageIds: [briefingsIn(NEWS)[0]?.id] });
    expect(await postBriefing(h.deps, enqueued[1] as BriefingJob)).toEqual({ status: 'done-already' });

    const [post] = briefingsIn(NEWS);
    expect(post?.content).toContain('Briefing · 2026-10-31');
    // Grouped by story, the story both outlets reported first, with its outlets; nobody is mentioned.
    const lines = post?.content.split('\n').filter((l) => /^\d+\. /u.test(l)) ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1\. \[.*Taiwan.*\]\(<https:\/\/news\.example\/quake>\) — AP @\u200beveryone, DW$/u);
    expect(post?.mention_everyone).toBe(false);
    expect(post?.mention_roles).toEqual([]);
  });

  it('posts at 08:00 local after the clocks fall back, and nothing at the old UTC time', async () => {
    clock = Date.UTC(2026, 10, 1, 12, 0, 30); // 07:00 EST
    expect(await tickAndPost()).toEqual([]);
    clock = Date.UTC(2026, 10, 1, 13, 0, 30); // 08:00 EST
    // A briefing whose time zone cannot be read holds up no other.
    await h.deps.store.briefings.create({ ...briefing, timezone: 'Mars/Olympus_Mons', nextAt: clock - 1 }, clock);
    expect((await tickAndPost()).map((j) => j.periodKey)).toEqual(['2026-11-01']);
    expect(briefingsIn(NEWS).map((m) => m.content.split('\n')[0])).toEqual([
      '## Briefing · 2026-10-31',
      '## Briefing · 2026-11-01',
    ]);
    // Sunday's period had no story.
    expect(briefingsIn(NEWS)[1]?.content).toContain('No new stories in this period.');
  });

  it('posts a briefing missed by an outage when it comes back within the grace period, and skips one after it', async () => {
    clock = Date.UTC(2026, 10, 2, 15, 0); // Monday 10:00 EST, down since before 08:00
    expect((await tickAndPost()).map((j) => j.periodKey)).toEqual(['2026-11-02']);
    clock = Date.UTC(2026, 10, 3, 17, 0); // Tuesday 12:00 EST: four hours late
    expect(await tickAndPost()).toEqual([]);
    expect(await h.deps.store.briefings.get(briefing.id)).toMatchObject({
      nextAt: Date.UTC(2026, 10, 4, 13, 0),
      periodKey: '2026-11-04',
    });
    expect(briefingsIn(NEWS).map((m) => m.content.split('\n')[0])).toEqual([
      '## Briefing · 2026-10-31',
      '## Briefing · 2026-11-01',
      '## Briefing · 2026-11-02',
    ]);
  });

  it('writes the opening from the cached summaries in one summarizer call, else lists the top headlines', async () => {
    const asked: string[] = [];
    const summarizer = (source: 'llm' | 'extractive'): Summarizer => ({
      variant: h.deps.summarizer.variant,
      async summarize(input) {
        asked.push(input.text);
        return { ...(await h.deps.summarizer.summarize(input, { language: 'source', style: 'standard' })), source };
      },
    });
    const friday = { at: Date.UTC(2026, 9, 31, 12, 0) };
    const llm = await composeBriefing({ ...h.deps, summarizer: summarizer('llm') }, briefing, friday);
    expect(asked).toHaveLength(1);
    // Made from the stories' summaries: the headline and summary of each, never an article's body.
    expect(asked[0]?.split('\n')).toHaveLength(2);
    expect(asked[0]).toContain('Officials said more would follow');
    expect(llm.openingSource).toBe('llm');
    const fallback = await composeBriefing({ ...h.deps, summarizer: summarizer('extractive') }, briefing, friday);
    expect(fallback).toMatchObject({ openingSource: 'headlines', opening: llm.stories.map((s) => s.line).join(' · ') });
  });

  it('posts a long briefing in a forum as one post and replies, adopting the post after a restart', async () => {
    const feed = await h.feed('https://long.example/rss', 'Long Wire', [[GUILD_A, FORUM]]);
    clock = Date.UTC(2026, 10, 5, 12, 0);
    for (let i = 0; i < 12; i++) {
      await h.article(feed.id, { key: `long-${i}`, title: `Story ${i}: ${'a very long headline '.repeat(12)}` });
    }
    clock = Date.UTC(2026, 10, 5, 13, 0, 10);
    const forum = await h.deps.store.briefings.create(
      { ...briefing, channelId: FORUM, channelType: 15, nextAt: clock - 10_000, periodKey: '2026-11-05' },
      clock,
    );
    const job = { briefingId: forum.id, periodKey: '2026-11-05', at: clock - 10_000 };
    const { briefings } = h.deps.store;
    const recordPart = briefings.recordPart;
    briefings.recordPart = () => Promise.reject(new Error('killed'));
    await expect(postBriefing(h.deps, job)).rejects.toThrow('killed');
    briefings.recordPart = recordPart;
    clock += 60_000;
    const done = await postBriefing(h.deps, job);
    const threads = h.discord.threads(FORUM);
    expect(threads).toEqual([{ id: expect.any(String), name: 'Briefing · 2026-11-05', ownerId: APP, archived: false }]);
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'posted' });
    const ids = done.status === 'posted' ? done.messageIds : [];
    expect(ids.length).toBeGreaterThan(1);
    expect(ids[0]).toBe(threads[0]?.id);
    const inThread = h.discord.messages(threads[0]?.id ?? '');
    // The post's starter message and one reply per further part, each within the limit, none posted twice.
    expect(inThread.map((m) => m.id)).toEqual(ids);
    expect(inThread.every((m) => m.content.length <= 2000)).toBe(true);
    expect(
      inThread
        .map((m) => m.content)
        .join('\n')
        .match(/^\d+\. /gmu),
    ).toHaveLength(12);
  });

  it('retries a briefing cut short with the rest of the same text, and asks the LLM once', async () => {
    const llm = createLlmSummarizer({ baseURL: openai.baseURL, apiKey: openai.apiKey, model: 'fake-model' });
    const deps = { ...h.deps, summarizer: createSummarizer({ llm, log: h.deps.log }) };
    const feed = await h.feed('https://wire.example/rss', 'Wire', [[GUILD_A, NEWS]]);
    const other = await h.feed('https://other.example/rss', 'Other', [[GUILD_A, NEWS]]);
    clock = Date.UTC(2026, 10, 6, 12, 0);
    for (let i = 0; i < 12; i++) {
      await h.article(feed.id, { key: `wire-${i}`, title: `Wire ${i}: ${'a rather long headline '.repeat(12)}` });
    }
    const at = Date.UTC(2026, 10, 6, 13, 0); // 08:00 EST
    const job = { briefingId: briefing.id, periodKey: '2026-11-06', at };
    await h.deps.store.briefings.reschedule(briefing.id, briefing.nextAt, at, job.periodKey);
    clock = at + 30_000;
    const before = h.discord.messages(NEWS).length;
    // The process dies once the first part is posted and recorded, before the second is posted.
    const { briefings } = h.deps.store;
    const recordPart = briefings.recordPart;
    briefings.recordPart = async (...args) => {
      await recordPart(...args);
      throw new Error('killed');
    };
    await expect(postBriefing(deps, job)).rejects.toThrow('killed');
    briefings.recordPart = recordPart;
    const first = h.discord.messages(NEWS).slice(before);
    expect(first).toHaveLength(1);
    expect(openai.requests).toHaveLength(1);

    // A story two outlets report arrives, dated within the period: composed now, the briefing would lead with it.
    clock = at - 60_000;
    await h.article(feed.id, { key: 'dam', title: 'Dam bursts upstream of the capital', story: 'dam' });
    await h.article(other.id, { key: 'dam-2', title: 'Dam bursts upstream of the capital', story: 'dam' });
    clock = at + 120_000;
    const fresh = await composeBriefing(h.deps, briefing, job);
    expect(fresh.stories[0]?.line).toContain('Dam bursts');

    const done = await postBriefing(deps, job);
    expect(openai.requests).toHaveLength(1);
    const all = h.discord.messages(NEWS).slice(before);
    expect(done).toEqual({ status: 'posted', messageIds: all.map((m) => m.id) });
    expect(all.length).toBeGreaterThan(1);
    const text = all.map((m) => m.content).join('\n');
    expect(text).not.toContain('Dam bursts');
    // Every story of the first version once, numbered on from the first part.
    expect(text.match(/^\d+\. /gmu)).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}. `));
  });
});
