import type { APIApplicationCommand } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRest } from '../../src/discord/poster.js';
import { localizationKeys, localizeCommand } from '../../src/i18n/commands.js';
import { runCommand } from '../support/command-runner.js';
import {
  APP,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  GUILD_B,
  MANAGE_GUILD,
  NEWS,
  SPORTS,
  startHarness,
  TOKEN,
} from '../support/discord-harness.js';

let h: DiscordHarness;
let feedA: number;
const admin = { memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  // Deploys every command, localized, to both servers: a localization Discord would refuse fails here.
  h = await startHarness({ bot: true });
  feedA = (await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]])).id;
});
afterAll(async () => {
  await h?.close();
});

type Node = {
  name: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  options?: Node[];
  choices?: Array<{ name: string; value: string | number; name_localizations?: Record<string, string> | null }>;
};

/** Every command, subcommand, option (`path` → node) and choice (`path.value` → choice) as Discord registered them. */
function walk(node: Node, path: string, out: Map<string, Node | NonNullable<Node['choices']>[number]>) {
  out.set(path, node);
  for (const o of node.options ?? []) walk(o, `${path}.${o.name}`, out);
  for (const c of node.choices ?? []) out.set(`${path}.${c.value}`, c);
  return out;
}

const zh = (tw: string, cn: string) => ({ 'zh-TW': tw, 'zh-CN': cn });

describe('localized command names', () => {
  it('registers zh-TW and zh-CN names of commands, subcommands, options and choices', () => {
    const registered = new Map(h.discord.commands(GUILD_A).map((c) => [c.name, c as unknown as Node]));
    expect(registered.get('subscribe')?.options?.map((o) => [o.name, o.name_localizations])).toEqual([
      ['feed', zh('來源', '来源')],
      ['topic', zh('主題', '主题')],
      ['channel', zh('頻道', '频道')],
      ['mention-role', zh('提及身分組', '提及身份组')],
      ['max-per-hour', zh('每小時上限', '每小时上限')],
    ]);
    const add = registered.get('feed')?.options?.find((o) => o.name === 'add');
    expect(add?.name_localizations).toEqual(zh('新增', '添加'));
    expect(add?.options?.find((o) => o.name === 'backfill')?.description_localizations).toEqual(
      zh('立即發布最新的幾則（0–10）', '立即发布最新的几条（0–10）'),
    );
    const style = registered.get('settings')?.options?.find((o) => o.name === 'style');
    expect(style?.choices?.map((c) => [c.value, c.name, c.name_localizations])).toEqual([
      ['brief', 'brief', zh('簡短', '简短')],
      ['standard', 'standard', zh('標準', '标准')],
      ['detailed', 'detailed', zh('詳細', '详细')],
    ]);
  });

  it('localizes every command, subcommand, option and choice, from a table without a stale key', () => {
    const nodes = new Map<string, Node | NonNullable<Node['choices']>[number]>();
    for (const command of h.discord.commands(GUILD_A)) walk(command as unknown as Node, command.name, nodes);
    const missing = [...nodes].filter(([, node]) => {
      const names = node.name_localizations ?? {};
      const described = 'value' in node || Object.keys(node.description_localizations ?? {}).length === 2;
      return !(names['zh-TW'] && names['zh-CN'] && described);
    });
    expect(missing.map(([path]) => path)).toEqual([]);
    expect(localizationKeys().sort()).toEqual([...nodes.keys()].sort());
  });
});

describe('the fake Discord refuses localizations Discord would refuse', () => {
  const valid = () =>
    JSON.parse(JSON.stringify(localizeCommand(commands.get('subscribe')!.data.toJSON()))) as Node & {
      options: Node[];
    };
  const put = (body: unknown[]) =>
    createRest(TOKEN, h.discord.apiUrl)
      .put(Routes.applicationGuildCommands(APP, GUILD_B), { body })
      .then(
        () => null,
        (err: { status: number; rawError: { errors: unknown } }) => ({
          status: err.status,
          errors: err.rawError.errors,
        }),
      );
  const invalidName = { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] };

  it.each([
    [
      'an option name with an uppercase letter',
      (c: ReturnType<typeof valid>) => [
        { ...c, options: [{ ...c.options[0], name_localizations: { 'zh-TW': 'Feed' } }] },
      ],
      { 0: { options: { 0: { name_localizations: { 'zh-TW': invalidName } } } } },
    ],
    [
      'an option name longer than 32 characters',
      (c: ReturnType<typeof valid>) => [
        { ...c, options: [{ ...c.options[0], name_localizations: { 'zh-CN': '来'.repeat(33) } }] },
      ],
      { 0: { options: { 0: { name_localizations: { 'zh-CN': invalidName } } } } },
    ],
    [
      'a command name with a space',
      (c: ReturnType<typeof valid>) => [{ ...c, name_localizations: { 'zh-TW': '訂閱 來源' } }],
      { 0: { name_localizations: invalidName } },
    ],
    [
      'two options with one name in a locale',
      (c: ReturnType<typeof valid>) => [
        { ...c, options: [c.options[0], { ...c.options[1], name_localizations: zh('主題', '来源') }] },
      ],
      {
        0: {
          options: {
            1: {
              name_localizations: {
                'zh-CN': {
                  _errors: [
                    {
                      code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
                      message: 'Option names must be unique within a command',
                    },
                  ],
                },
              },
            },
          },
        },
      },
    ],
    [
      'two commands with one name in a locale',
      (c: ReturnType<typeof valid>) => [c, { ...c, name: 'subscribe-two', name_localizations: { 'zh-TW': '訂閱' } }],
      {
        1: {
          name_localizations: {
            'zh-TW': {
              _errors: [
                { code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' },
              ],
            },
          },
        },
      },
    ],
    [
      'an unknown locale and an empty choice name',
      (c: ReturnType<typeof valid>) => [
        {
          ...c,
          options: [
            { ...c.options[0], name_localizations: { zh: '來源' } },
            { ...c.options[1], choices: [{ name: 'a', value: 'a', name_localizations: { 'zh-TW': '' } }] },
          ],
        },
      ],
      {
        0: {
          options: {
            0: { name_localizations: { zh: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_CHOICES' })] } } },
            1: {
              choices: {
                0: {
                  name_localizations: {
                    'zh-TW': {
                      _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }],
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  ])('refuses %s with 50035 and keeps the registered commands', async (_what, mutate, errors) => {
    const before = h.discord.commands(GUILD_B).map((c: APIApplicationCommand) => c.name);
    expect(await put(mutate(valid()))).toEqual({ status: 400, errors });
    expect(h.discord.commands(GUILD_B).map((c) => c.name)).toEqual(before);
  });

  it('accepts the valid command, so the refusals above are the localizations’ doing', async () => {
    expect(await put([valid()])).toBeNull();
  });
});

describe('missing permissions in the user’s language', () => {
  it('names the permissions Herald lacks the way Discord does in zh-TW and zh-CN', async () => {
    h.discord.setChannelAccess(SPORTS, 'missing-permissions');
    const tw = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: SPORTS },
    });
    expect(tw.content).toBe(`Herald 無法在 <#${SPORTS}> 發文：缺少 **傳送訊息** 權限。請在頻道設定中授予後再試。`);
    h.discord.setChannelAccess(SPORTS, 'ok');

    const cn = await runCommand(h, {
      ...admin,
      locale: 'zh-CN',
      commandName: 'subscribe',
      options: { topic: '芯片', channel: FORUM },
    });
    expect(cn.content).toBe(
      `Herald 无法在 <#${FORUM}> 发帖：缺少 **在子区中发送消息** 权限。请在频道设置中授予后再试。`,
    );

    h.discord.setChannelAccess(FORUM, 'missing-permissions');
    const both = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: FORUM },
    });
    expect(both.content).toContain('缺少 **建立貼文、在討論串中傳送訊息** 權限');
    const en = await runCommand(h, {
      ...admin,
      commandName: 'subscribe',
      options: { feed: String(feedA), channel: FORUM },
    });
    expect(en.content).toContain('it is missing **Create Posts, Send Messages in Threads** there');
    h.discord.setChannelAccess(FORUM, 'ok');
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A)).map((s) => s.channelId)).toEqual([NEWS]);
    expect(await h.deps.store.topics.ofGuild(GUILD_A)).toEqual([]);
  });
});
