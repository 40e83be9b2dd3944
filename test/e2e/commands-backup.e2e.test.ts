import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupDocument } from '../../src/pipeline/use-cases/backup-document.js';
import { addBriefing } from '../../src/pipeline/use-cases/briefings.js';
import { mapForumTag } from '../../src/pipeline/use-cases/forum-tags.js';
import { runCommand } from '../support/command-runner.js';
import {
  ADMIN,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  GUILD_B,
  MANAGE_GUILD,
  MEMBER,
  NEWS,
  ROLE_A,
  ROLE_B,
  SPORTS,
  startHarness,
} from '../support/discord-harness.js';

const EDITORS = '1500000000000000003';
const B_NEWS = '1300000000000000011';
const B_FORUM = '1300000000000000013';
const B_SPORTS = '1300000000000000012';
const BRIEFS = '1300000000000000006';
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness({
    bot: true,
    guilds: [
      {
        id: GUILD_A,
        name: 'Newsroom',
        channels: [
          { id: NEWS, name: 'news', type: 0 },
          { id: SPORTS, name: 'sports', type: 0 },
          { id: FORUM, name: 'stories', type: 15 },
          { id: BRIEFS, name: 'briefs', type: 15 },
        ],
        roles: [
          { id: ROLE_A, name: 'readers', mentionable: true },
          { id: EDITORS, name: 'editors' },
        ],
      },
      {
        // The same server rebuilt: new ids, #sports renamed, no @editors.
        id: GUILD_B,
        name: 'Newsroom again',
        channels: [
          { id: B_NEWS, name: 'news', type: 0 },
          { id: B_SPORTS, name: 'sport-news', type: 0 },
          { id: B_FORUM, name: 'stories', type: 15 },
        ],
        roles: [{ id: ROLE_B, name: 'readers' }],
      },
    ],
  });
  const { store } = h.deps;
  const now = h.deps.now();
  const one = await h.feed('https://one.example/feed', 'One News', [[GUILD_A, NEWS]]);
  const two = await h.feed('https://two.example/feed', 'Two News', [
    [GUILD_A, SPORTS],
    [GUILD_A, FORUM],
  ]);
  await store.guilds.put(
    { guildId: GUILD_A, language: 'zh-TW', style: 'brief', layout: 'compact', timezone: 'Asia/Taipei', filler: 'skip' },
    now,
  );
  const [news, sports, forum] = await store.subscriptions.ofGuild(GUILD_A);
  await store.subscriptions.configure(news!.id, {
    mentionRoleId: ROLE_A,
    maxPerHour: 5,
    channelType: 0,
    filter: 'title:taiwan',
    maxAgeHours: 24,
    language: 'en',
  });
  await store.templates.put({ guildId: GUILD_A, name: 'wire', content: '{"content":"{headline} {link}"}' }, now);
  await store.subscriptions.configure(sports!.id, {
    mentionRoleId: null,
    maxPerHour: null,
    channelType: 0,
    template: 'wire',
    webhook: { name: 'Sports desk', avatarUrl: 'https://two.example/logo.png' },
    thread: 'per-article',
    threadArchiveMinutes: 60,
  });
  await store.subscriptions.configure(forum!.id, {
    mentionRoleId: null,
    maxPerHour: null,
    channelType: 15,
    layout: 'full',
  });
  await store.mentions.add(
    { guildId: GUILD_A, owner: { subscriptionId: news!.id }, roleId: EDITORS, filter: 'entity:台灣' },
    now,
  );
  const topic = await store.topics.upsert(
    {
      guildId: GUILD_A,
      channelId: NEWS,
      feedId: one.id,
      query: 'earthquake',
      mentionRoleId: EDITORS,
      channelType: 0,
      style: 'detailed',
    },
    now,
  );
  await store.mentions.add(
    { guildId: GUILD_A, owner: { topicSubscriptionId: topic.id }, roleId: ROLE_A, filter: null },
    now,
  );
  // Tags of two forums; the rebuilt server has no #briefs.
  for (const [channelId, topic, tag] of [
    [FORUM, 'Markets', 'Economy'],
    [FORUM, '臺灣', '台灣'],
    [BRIEFS, 'Sports', 'Sport'],
  ] as const) {
    await mapForumTag(h.deps, { guildId: GUILD_A, channelId, topic, tag });
  }
  // Briefings: one of a feed, one in #sports (which the rebuilt server renamed) in its own zone, one of a topic.
  const briefing = { guildId: GUILD_A, channelType: 0, time: '08:00' } as const;
  await addBriefing(h.deps, { ...briefing, channelId: NEWS, days: 'daily', feed: String(one.id) });
  await addBriefing(h.deps, {
    ...briefing,
    channelId: SPORTS,
    time: '18:30',
    days: 'weekdays',
    language: 'zh-CN',
    timezone: 'Europe/Berlin',
  });
  await addBriefing(h.deps, { ...briefing, channelId: NEWS, days: 'weekends', topic: 'earthquake', style: 'brief' });
  expect(two.id).not.toBe(one.id);
});
afterAll(async () => {
  await h?.close();
});

/** A server's setup without ids and times: what a restore must reproduce. */
async function setupOf(guildId: string) {
  const { store } = h.deps;
  const [settings, subs, topics, rules, templates, forumTags, briefings] = await Promise.all([
    store.guilds.get(guildId),
    store.subscriptions.ofGuild(guildId),
    store.topics.ofGuild(guildId),
    store.mentions.ofGuild(guildId),
    store.templates.ofGuild(guildId),
    store.forumTags.ofGuild(guildId),
    store.briefings.ofGuild(guildId),
  ]);
  const mentions = (owner: (o: (typeof rules)[number]['owner']) => boolean) =>
    rules.filter((r) => owner(r.owner)).map((r) => ({ roleId: r.roleId, filter: r.filter }));
  return {
    settings: { ...settings, guildId: undefined },
    templates: templates.map((t) => ({ name: t.name, content: t.content })),
    subscriptions: subs
      .map((s) => ({
        feed: s.feedUrl,
        channel: s.channelId,
        ...pick(s, [
          'mentionRoleId',
          'maxPerHour',
          'channelType',
          'filter',
          'maxAgeHours',
          'language',
          'style',
          'layout',
          'template',
          'webhook',
          'thread',
          'threadArchiveMinutes',
          'publish',
          'pausedAt',
        ]),
        mentions: mentions((o) => 'subscriptionId' in o && o.subscriptionId === s.id),
      }))
      .sort((a, b) => `${a.feed}${a.channel}`.localeCompare(`${b.feed}${b.channel}`)),
    topics: topics.map((t) => ({
      query: t.query,
      feed: subs.find((s) => s.feedId === t.feedId)?.feedUrl ?? null,
      channel: t.channelId,
      ...pick(t, [
        'mentionRoleId',
        'maxPerHour',
        'channelType',
        'maxAgeHours',
        'language',
        'style',
        'layout',
        'pausedAt',
      ]),
      mentions: mentions((o) => 'topicSubscriptionId' in o && o.topicSubscriptionId === t.id),
    })),
    forumTags: forumTags.map((m) => pick(m, ['channelId', 'topic', 'topicKey', 'tag'])),
    briefings: briefings.map(({ scope, ...b }) => ({
      ...pick(b, ['channelId', 'channelType', 'localTime', 'days', 'language', 'style', 'timezone']),
      scope: scope.kind === 'feed' ? subs.find((s) => s.feedId === scope.feedId)?.feedUrl : scope,
    })),
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}

async function runExport(guildId = GUILD_A) {
  const { first, content } = await runCommand(h, {
    ...admin,
    guildId,
    commandName: 'backup',
    options: [{ type: 1, name: 'export' }],
  });
  const [attachment] = first.message?.attachments ?? [];
  expect(attachment?.filename).toBe(`herald-backup-${guildId}.json`);
  const text = await (await fetch(attachment?.url ?? '')).text();
  return { content, text, document: JSON.parse(text) as BackupDocument };
}

async function runImport(
  content: string,
  guildId = GUILD_A,
  input: { userId?: string; memberPermissions?: bigint } = admin,
) {
  const file = h.discord.upload({ filename: 'backup.json', content, contentType: 'application/json' });
  const channelId = guildId === GUILD_A ? NEWS : B_NEWS;
  const result = await runCommand(h, {
    ...input,
    guildId,
    channelId,
    commandName: 'backup',
    options: [{ type: 1, name: 'import', options: [{ type: 11, name: 'file', value: file.id }] }],
    attachments: [file],
  });
  return result.content.split('\n');
}

describe('/backup', () => {
  let backup: string;
  let original: Awaited<ReturnType<typeof setupOf>>;

  it('exports the whole setup, channels and roles with their names, and restores it into the same server', async () => {
    original = await setupOf(GUILD_A);
    const { content, text, document } = await runExport();
    backup = text;
    expect(content).toMatch(
      /^This server's setup \(4 subscriptions with their channels, roles and settings, 3 briefings, and/,
    );
    expect(document).toMatchObject({ format: 'herald-backup', version: 1, guild: { id: GUILD_A, name: 'Newsroom' } });
    expect(document.subscriptions.find((s) => s.channel.id === NEWS)).toMatchObject({
      channel: { name: 'news' },
      mentionRole: { id: ROLE_A, name: 'readers' },
      mentions: [{ role: { id: EDITORS, name: 'editors' }, filter: 'entity:台灣' }],
    });
    expect(document.forumTags).toContainEqual({
      channel: { id: BRIEFS, name: 'briefs' },
      topic: 'Sports',
      tag: 'Sport',
    });

    // The server loses its setup; the backup brings all of it back.
    const { store } = h.deps;
    for (const s of await store.subscriptions.ofGuild(GUILD_A)) await store.subscriptions.remove(GUILD_A, s.id);
    for (const t of await store.topics.ofGuild(GUILD_A)) await store.topics.remove(GUILD_A, t.id);
    await store.templates.remove(GUILD_A, 'wire');
    for (const m of await store.forumTags.ofGuild(GUILD_A))
      await store.forumTags.remove(GUILD_A, m.channelId, m.topicKey);
    for (const b of await store.briefings.ofGuild(GUILD_A)) await store.briefings.remove(GUILD_A, b.id);
    await store.guilds.put({ guildId: GUILD_A, language: 'en', style: 'standard' }, h.deps.now());
    expect((await setupOf(GUILD_A)).subscriptions).toEqual([]);
    expect((await setupOf(GUILD_A)).forumTags).toEqual([]);
    expect((await setupOf(GUILD_A)).briefings).toEqual([]);
    expect(original.forumTags).toHaveLength(3);
    expect(original.briefings).toHaveLength(3);
    expect(document.briefings?.[0]).toEqual({
      channel: { id: NEWS, name: 'news' },
      time: '08:00',
      days: 'daily',
      feed: { url: 'https://one.example/feed' },
      topic: null,
      language: null,
      style: null,
      timezone: null,
    });

    expect(await runImport(backup)).toEqual([
      'Backup restored: **4** subscriptions created. What their feeds published before now is not posted.',
      '**3** briefings created.',
    ]);
    expect(await setupOf(GUILD_A)).toEqual(original);
  });

  it('creates nothing twice when the same backup is imported again', async () => {
    expect(await runImport(backup)).toEqual([
      'Backup restored: **0** subscriptions created, 4 already here set as the backup says. What their feeds published before now is not posted.',
    ]);
    expect(await setupOf(GUILD_A)).toEqual(original);
    expect(await h.deps.store.mentions.ofGuild(GUILD_A)).toHaveLength(2);
  });

  it('restores into another server by channel and role names, listing what it could not map', async () => {
    const lines = await runImport(backup, GUILD_B);
    expect(lines).toEqual([
      'Backup restored: **3** subscriptions created. What their feeds published before now is not posted.',
      '**2** briefings created.',
      '**4** things could not be restored as in the backup:',
      '• no channel #sports here: 1 subscription not restored (create the channel, or rename one, and import again)',
      '• no channel #sports here: 1 briefing not restored (create the channel, or rename one, and import again)',
      '• no forum #briefs here: 1 tag mapping not restored (create the forum, or rename one, and import again)',
      '• no role @editors here: 2 mentions left out',
    ]);
    const restored = await setupOf(GUILD_B);
    expect(restored.settings).toEqual(original.settings);
    const mapped = (channel: string) => ({ [NEWS]: B_NEWS, [FORUM]: B_FORUM })[channel] ?? channel;
    const swapRole = (role: string | null) => (role === ROLE_A ? ROLE_B : role);
    expect(restored.subscriptions).toEqual(
      original.subscriptions
        .filter((s) => s.channel !== SPORTS)
        .map((s) => ({
          ...s,
          channel: mapped(s.channel),
          mentionRoleId: swapRole(s.mentionRoleId),
          mentions: s.mentions.filter((m) => m.roleId !== EDITORS),
        })),
    );
    expect(restored.forumTags).toEqual(
      original.forumTags.filter((m) => m.channelId === FORUM).map((m) => ({ ...m, channelId: B_FORUM })),
    );
    expect(restored.topics).toEqual([
      { ...original.topics[0], channel: B_NEWS, mentionRoleId: null, mentions: [{ roleId: ROLE_B, filter: null }] },
    ]);
    // The feed briefing's feed found by its address, which has its own id in this server's subscriptions.
    expect(restored.briefings).toEqual(
      original.briefings.filter((b) => b.channelId !== SPORTS).map((b) => ({ ...b, channelId: mapped(b.channelId) })),
    );
  });

  it('restores what it can of a document with values it refuses and keys it does not know', async () => {
    const document = JSON.parse(backup) as BackupDocument & Record<string, unknown>;
    document.webhooks = { enabled: true };
    document.subscriptions[0]!.options.language = 'not a language!';
    document.topics[0]!.query = 'title:';
    document.briefings![0]!.feed = { url: 'https://gone.example/feed' };
    document.briefings![1]!.time = '25:00';
    const lines = await runImport(JSON.stringify(document), GUILD_A);
    expect(lines[0]).toBe(
      'Backup restored: **0** subscriptions created, 2 already here set as the backup says. What their feeds published before now is not posted.',
    );
    expect(lines.slice(1)).toEqual([
      '**5** things could not be restored as in the backup:',
      '• `webhooks` is not something this Herald knows: ignored',
      expect.stringMatching(/^• https:\/\/one\.example\/feed: .*not a language!/),
      expect.stringMatching(/^• title:: title: needs a value/),
      '• the briefing at 08:00: it follows only https://gone.example/feed, which this server does not follow',
      expect.stringMatching(/^• the briefing at 25:00: .*25:00/),
    ]);
  });

  it('refuses a file that is not a backup, a newer one, and a member without Manage Server', async () => {
    expect(await runImport('<opml version="2.0"/>')).toEqual([
      'This file is not JSON: choose the file `/backup export` made.',
    ]);
    const newer = { ...(JSON.parse(backup) as BackupDocument), version: 2 };
    expect(await runImport(JSON.stringify(newer))).toEqual([
      'This backup was made by a newer Herald; this one reads backup format 1 and older. Update Herald first.',
    ]);
    expect(await runImport(backup, GUILD_A, { userId: MEMBER })).toEqual([
      'You need the **Manage Server** permission to change what Herald posts here.',
    ]);
  });
});
