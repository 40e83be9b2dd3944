import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/command-runner.js';
import { type DiscordHarness, GUILD_A, MANAGE_GUILD, NEWS, startHarness } from '../support/discord-harness.js';

const admin = { memberPermissions: MANAGE_GUILD };
/** 2026-11-26 10:00 in Taipei. */
const NOW = Date.UTC(2026, 10, 26, 2, 0);
let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness({ bot: true, now: () => NOW });
  await h.feed('https://a.example/feed', 'A News', [['1200000000000000001', NEWS]]);
});
afterAll(async () => {
  await h?.close();
});

const sub = (name: string, options: Array<{ type: number; name: string; value: string }> = []) => ({
  commandName: 'briefing',
  options: [{ type: 1 as const, name, options }] as never,
});

describe('/briefing', () => {
  it('adds, lists, previews and removes a briefing, answering in the user’s language', async () => {
    const added = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      ...sub('add', [
        { type: 7, name: 'channel', value: NEWS },
        { type: 3, name: 'time', value: '8:00' },
        { type: 3, name: 'days', value: 'weekdays' },
        { type: 3, name: 'timezone', value: 'asia/taipei' },
      ]),
    });
    // Friday 27 November, 08:00 in Taipei, is 00:00 UTC.
    const next = Date.UTC(2026, 10, 27, 0, 0) / 1000;
    expect(added.ephemeral).toBe(true);
    expect(added.content).toMatch(
      new RegExp(
        `^簡報 \`(\\d+)\` 將於週一至週五 08:00（Asia/Taipei）在 <#${NEWS}> 發布此伺服器的所有來源的新聞。第一份：<t:${next}:F>。$`,
        'u',
      ),
    );
    const id = /`(\d+)`/u.exec(added.content)?.[1] ?? '';

    const bad = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      ...sub('add', [
        { type: 7, name: 'channel', value: NEWS },
        { type: 3, name: 'time', value: '25:00' },
      ]),
    });
    expect(bad.content).toContain('「25:00」不是時間');

    const listed = await runCommand(h, { ...admin, ...sub('list') });
    expect(listed.content).toContain(
      `\`${id}\` <#${NEWS}> 08:00 (Asia/Taipei), Monday to Friday: all of this server’s feeds`,
    );

    const preview = await runCommand(h, {
      ...admin,
      locale: 'zh-CN',
      ...sub('preview', [{ type: 3, name: 'id', value: id }]),
    });
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain('-# 预览：');
    expect(preview.content).toContain('## 简报 · 2026-11-27');
    expect(h.discord.messages(NEWS).filter((m) => m.content.includes('简报'))).toEqual([]);

    const removed = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      ...sub('remove', [{ type: 3, name: 'id', value: id }]),
    });
    expect(removed.content).toBe(`已移除簡報 \`${id}\`。`);
    expect(
      (await runCommand(h, { ...admin, ...sub('remove', [{ type: 3, name: 'id', value: id }]) })).content,
    ).toContain(`no briefing \`${id}\``);
  });

  it('re-plans the briefings that follow the server’s time zone when /settings changes it', async () => {
    const { briefings } = h.deps.store;
    // Planned in UTC, the server's default: 08:00 UTC on Thursday 26 November.
    const draft = {
      guildId: GUILD_A,
      channelId: NEWS,
      channelType: 0,
      localTime: '08:00',
      days: 127,
      scope: { kind: 'all' as const },
      language: null,
      style: null,
      nextAt: Date.UTC(2026, 10, 26, 8, 0),
      periodKey: '2026-11-26',
    };
    const follows = await briefings.create({ ...draft, timezone: null }, NOW);
    const own = await briefings.create({ ...draft, timezone: 'UTC' }, NOW);
    const changed = await runCommand(h, { ...admin, commandName: 'settings', options: { timezone: 'Asia/Taipei' } });
    expect(changed.content).toContain('Asia/Taipei');
    // It is 10:00 in Taipei: the next 08:00 there is Friday's, at 00:00 UTC.
    expect(await briefings.get(follows.id)).toMatchObject({
      nextAt: Date.UTC(2026, 10, 27, 0, 0),
      periodKey: '2026-11-27',
    });
    expect(await briefings.get(own.id)).toMatchObject({ nextAt: draft.nextAt, periodKey: '2026-11-26' });
  });
});
