import type { APIApplicationCommand } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRest } from '../../src/discord/poster.js';
import { localizationKeys, localizeCommand } from '../../src/i18n/commands.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { runCommand } from '../support/command-runner.js';
import {
  APP,
  type DiscordHarness,
  FORUM,
  GUILD_A,
  GUILD_B,
  MANAGE_GUILD,
  NEWS,
  OTHER_NEWS,
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
      ['filter', zh('篩選', '筛选')],
      ['max-age-hours', zh('最長時數', '最长小时数')],
      ['language', zh('語言', '语言')],
      ['style', zh('風格', '风格')],
      ['template', zh('範本', '模板')],
      ['thread', zh('討論串', '子区')],
      ['thread-archive', zh('討論串封存', '子区归档')],
      ['publish', zh('發布', '发布')],
      ['webhook', zh('webhook發文', 'webhook发帖')],
      ['webhook-name', zh('webhook名稱', 'webhook名称')],
      ['webhook-avatar', zh('webhook頭像', 'webhook头像')],
      ['per-story', zh('每事件一篇', '每事件一帖')],
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

describe('errors in the user’s language', () => {
  let pages: FeedServer;
  let feedB: number;
  let subB: number;
  beforeAll(async () => {
    pages = await startFeedServer();
    pages.setFeed('/about.html', {
      body: '<!doctype html><html><head><title>About us</title></head><body><p>No feed here.</p></body></html>',
      contentType: 'text/html; charset=utf-8',
    });
    feedB = (await h.feed('https://b.example/feed', 'B News', [[GUILD_B, OTHER_NEWS]])).id;
    subB = (await h.deps.store.subscriptions.ofGuild(GUILD_B))[0]?.id ?? 0;
  });
  afterAll(async () => {
    await pages?.close();
  });

  type Locale = 'zh-TW' | 'zh-CN';
  const addFeed = (locale: Locale, url: string) =>
    runCommand(h, {
      ...admin,
      locale,
      commandName: 'feed',
      options: [{ type: 1, name: 'add', options: [{ type: 3, name: 'url', value: url }] }],
    });
  /** `/feed import` with `content` attached; its final answer, not a progress edit. */
  const importFile = async (locale: Locale, content: string) => {
    const file = h.discord.upload({ filename: 'feeds.opml', content, contentType: 'text/x-opml' });
    const { id } = await h.interact({
      ...admin,
      locale,
      commandName: 'feed',
      options: [{ type: 1, name: 'import', options: [{ type: 11, name: 'file', value: file.id }] }],
      attachments: [file],
    });
    return (await h.final(id)).content;
  };
  /** Uses up a member's /summarize allowance, as that many earlier requests would have. */
  const exhaustSummarize = async (userId: string) => {
    const { SUMMARIZE_URL_USER_LIMIT: user, SUMMARIZE_URL_SERVER_LIMIT: guild } = h.deps.config;
    const limits = { user: { max: user, windowMs: 600_000 }, guild: { max: guild, windowMs: 3_600_000 } };
    for (let i = 0; i < user; i++)
      await h.deps.store.usage.takeSummarizeSlot({ guildId: GUILD_A, userId, now: Date.now() }, limits);
  };

  /** Characters only one of the two scripts uses, and four English words in a row. */
  const TRADITIONAL = /[網這個為從輸與來頻訊無請檔錄擷沒認語詞關]/;
  const SIMPLIFIED = /[网这个为从输与来频讯无请档录获没认语词关]/;
  const ENGLISH_SENTENCE = /[A-Za-z]{2,}(?:[\s,]+[A-Za-z]{2,}){3,}/;
  function expectScript(locale: Locale, text: string) {
    expect(text).toMatch(locale === 'zh-TW' ? TRADITIONAL : SIMPLIFIED);
    expect(text).not.toMatch(locale === 'zh-TW' ? SIMPLIFIED : TRADITIONAL);
    expect(text).not.toMatch(ENGLISH_SENTENCE);
  }

  const cases: Array<[string, (locale: Locale) => Promise<string>, Record<Locale, string | RegExp>]> = [
    [
      'a mistyped feed address',
      (locale) => addFeed(locale, 'example.org/feed').then((r) => r.content),
      {
        'zh-TW': '「example.org/feed」不是網址。請提供來源的完整網址，以 https:// 開頭。',
        'zh-CN': '“example.org/feed”不是网址。请提供来源的完整网址，以 https:// 开头。',
      },
    ],
    [
      'a web page that links to no feed',
      (locale) => addFeed(locale, pages.url('/about.html')).then((r) => r.content),
      {
        'zh-TW': 'ABOUT 是網頁，但沒有連到任何來源。請提供來源本身的網址。',
        'zh-CN': 'ABOUT 是网页，但没有链接到任何来源。请提供来源本身的网址。',
      },
    ],
    [
      'a feed address that answers 404',
      (locale) => addFeed(locale, pages.url('/gone.xml')).then((r) => r.content),
      {
        'zh-TW': '無法新增 GONE：HOST 回覆 HTTP 404 Not Found。',
        'zh-CN': '无法添加 GONE：HOST 返回 HTTP 404 Not Found。',
      },
    ],
    [
      'another server’s feed',
      (locale) =>
        runCommand(h, {
          ...admin,
          locale,
          commandName: 'feed',
          options: [{ type: 1, name: 'remove', options: [{ type: 3, name: 'feed', value: String(feedB) }] }],
        }).then((r) => r.content),
      {
        'zh-TW': '此伺服器沒有追蹤這個來源。請在輸入時從清單中選擇。',
        'zh-CN': '此服务器没有关注这个来源。请在输入时从列表中选择。',
      },
    ],
    [
      'another server’s subscription',
      (locale) =>
        runCommand(h, { ...admin, locale, commandName: 'unsubscribe', options: { subscription: String(subB) } }).then(
          (r) => r.content,
        ),
      {
        'zh-TW': '此伺服器沒有這個訂閱。請在輸入時從清單中選擇。',
        'zh-CN': '此服务器没有这个订阅。请在输入时从列表中选择。',
      },
    ],
    [
      'the /summarize limit',
      async (locale) => {
        const userId = locale === 'zh-TW' ? '1400000000000000071' : '1400000000000000072';
        await exhaustSummarize(userId);
        const { id } = await h.interact({
          userId,
          locale,
          commandName: 'summarize',
          options: { url: 'https://news.example/a' },
        });
        return (await h.final(id)).content;
      },
      {
        'zh-TW': /^你每 10 分鐘最多可以摘要 5 個網頁。請於 <t:\d+:R>再試。$/,
        'zh-CN': /^你每 10 分钟最多可以摘要 5 个网页。请于 <t:\d+:R>再试。$/,
      },
    ],
    [
      'a search query with an unclosed quote',
      async (locale) => {
        const { id } = await h.interact({ ...admin, locale, commandName: 'search', options: { query: '"台灣 海峽' } });
        return (await h.final(id)).content;
      },
      {
        'zh-TW':
          '有引號沒有結束：請補上結尾的 "。語法：字詞（須全部符合）、"完整片語"、-排除、a OR b、feed:名稱、since:7d 或 since:2024-05-01、before:2024-06-01、lang:zh。',
        'zh-CN':
          '有引号没有闭合：请补上结尾的 "。语法：词语（须全部匹配）、"完整短语"、-排除、a OR b、feed:名称、since:7d 或 since:2024-05-01、before:2024-06-01、lang:zh。',
      },
    ],
    [
      'an OPML import of a web page',
      (locale) => importFile(locale, '<!doctype html><html><body>My feeds</body></html>'),
      { 'zh-TW': '此檔案是網頁，不是 OPML 檔案。', 'zh-CN': '此文件是网页，不是 OPML 文件。' },
    ],
    [
      'an OPML import of a feed',
      (locale) =>
        importFile(locale, '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'),
      {
        'zh-TW': '此檔案不是 OPML：它的根元素是 <rss>，而不是 <opml>。它看起來是單一來源，而不是來源清單。',
        'zh-CN': '此文件不是 OPML：它的根元素是 <rss>，而不是 <opml>。它看起来是单个来源，而不是来源列表。',
      },
    ],
  ];

  for (const locale of ['zh-TW', 'zh-CN'] as const) {
    it.each(cases)(`answers %s in ${locale}`, async (_what, run, expected) => {
      const text = await run(locale);
      const want = expected[locale];
      if (want instanceof RegExp) expect(text).toMatch(want);
      else {
        const gone = pages.url('/gone.xml');
        const filled = want
          .replace('ABOUT', pages.url('/about.html'))
          .replace('GONE', gone)
          .replace('HOST', new URL(gone).host);
        expect(text).toBe(filled);
      }
      expectScript(locale, text);
    });
  }

  it('answers a mistyped address in English for an en-US user', async () => {
    expect(
      (
        await runCommand(h, {
          ...admin,
          commandName: 'feed',
          options: [{ type: 1, name: 'add', options: [{ type: 3, name: 'url', value: 'example.org/feed' }] }],
        })
      ).content,
    ).toBe('"example.org/feed" is not a URL. Give the feed\'s full address, starting with https://.');
  });
});
