import { ActionRowBuilder, ButtonBuilder, ButtonStyle, SlashCommandBuilder } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Command, validateCommands } from '../../../src/discord/command.js';
import { customIds } from '../../../src/discord/custom-ids.js';
import type { Subcommand } from '../../../src/discord/subcommand.js';
import { en } from '../../../src/i18n/en.js';
import {
  type BotHarness,
  databasesUnderTest,
  MANAGE_GUILD,
  responseText,
  startBotHarness,
  type TestDatabase,
} from '../../support/bot-harness.js';

const GUILD = '940000000000000001';
const CHANNEL = '950000000000000001';
const ADMIN = { userId: '960000000000000001', memberPermissions: MANAGE_GUILD };
const MEMBER = { userId: '960000000000000002', memberPermissions: 0n };

/** What the handlers ran, and with which server: a refused interaction must not reach them. */
let ran: string[] = [];

const buttonRow = (id: string) =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(id).setLabel('Go').setStyle(ButtonStyle.Primary),
  );

const guardedIds = customIds('guarded', { go: z.object({ n: z.coerce.number().int().min(1) }) });
/** A command that checks nothing itself: only its `requires` stands between a member and its handlers. */
const guarded: Command = {
  data: new SlashCommandBuilder()
    .setName('guarded')
    .setDescription('Needs Manage Server')
    .addStringOption((o) => o.setName('q').setDescription('q').setAutocomplete(true)),
  requires: { manageServer: true },
  async execute(interaction, { guildId }) {
    ran.push(`execute ${guildId}`);
    await interaction.reply({ content: 'asked', components: [buttonRow(guardedIds.encode('go', { n: 7 }))] });
  },
  async autocomplete(interaction) {
    ran.push('autocomplete');
    await interaction.respond([{ name: 'a', value: 'a' }]);
  },
  async button(interaction, { guildId }) {
    const press = guardedIds.parse(interaction.customId);
    ran.push(`button ${press.data.n} ${guildId}`);
    await interaction.update({ content: 'done', components: [] });
  },
};

const shutIds = customIds('group:shut', { go: z.object({}) });
const open: Subcommand = {
  name: 'open',
  build: (s) => s.setName('open').setDescription('For everyone'),
  async execute(interaction) {
    ran.push('open');
    await interaction.reply({ content: 'opened' });
  },
};
const shut: Subcommand = {
  name: 'shut',
  requires: { manageServer: true },
  build: (s) => s.setName('shut').setDescription('Needs Manage Server'),
  async execute(interaction) {
    ran.push('shut');
    await interaction.reply({ content: 'shut?', components: [buttonRow(shutIds.encode('go', {}))] });
  },
  async button(interaction) {
    shutIds.parse(interaction.customId);
    ran.push('shut button');
    await interaction.update({ content: 'shut', components: [] });
  },
};
const groupData = new SlashCommandBuilder().setName('group').setDescription('A grouped command');
for (const sub of [open, shut]) groupData.addSubcommand((s) => sub.build(s));
const group: Command = { data: groupData, subcommands: [open, shut] };

describe('the router enforces what a command requires', () => {
  let db: TestDatabase;
  let bot: BotHarness;

  beforeAll(async () => {
    // The router is what is under test, not the store: SQLite is enough.
    const sqlite = databasesUnderTest().find((d) => d.name === 'sqlite');
    if (!sqlite) throw new Error('SQLite is always under test');
    db = await sqlite.open();
    bot = await startBotHarness({
      databaseUrl: db.url,
      commands: validateCommands([guarded, group]),
      guilds: [{ id: GUILD, name: 'One', channels: [{ id: CHANNEL, name: 'news', type: 0 }] }],
    });
  });
  afterAll(async () => {
    await bot?.close();
    await db?.dispose();
  });
  beforeEach(() => {
    ran = [];
  });

  const at = { guildId: GUILD, channelId: CHANNEL };
  const press = (who: typeof ADMIN, customId: string, messageId: string | undefined) =>
    bot.invoke({ ...at, ...who, type: 3, customId, messageId });

  it('refuses a button of a Manage-Server command pressed by a member without it, and runs it for one with it', async () => {
    const asked = await bot.invoke({ ...at, ...ADMIN, commandName: 'guarded' });
    expect(responseText(asked)).toBe('asked');
    const messageId = asked.message?.id;
    expect(messageId).toBeDefined();

    const denied = await press(MEMBER, 'guarded:go:7', messageId);
    expect(responseText(denied)).toBe(en.needManageServer());
    expect(denied.ephemeral).toBe(true);
    expect(ran).toEqual([`execute ${GUILD}`]);

    const pressed = await press(ADMIN, 'guarded:go:7', messageId);
    expect(responseText(pressed)).toBe('done');
    expect(ran).toEqual([`execute ${GUILD}`, `button 7 ${GUILD}`]);
  });

  it('refuses the command itself and offers no suggestions to a member without Manage Server', async () => {
    const denied = await bot.invoke({ ...at, ...MEMBER, commandName: 'guarded' });
    expect(responseText(denied)).toBe(en.needManageServer());
    const choices = await bot.invoke({
      ...at,
      ...MEMBER,
      type: 4,
      commandName: 'guarded',
      options: { q: 'a' },
      focused: 'q',
    });
    expect((choices.body as { data: { choices: unknown[] } }).data.choices).toEqual([]);
    expect(ran).toEqual([]);

    const offered = await bot.invoke({
      ...at,
      ...ADMIN,
      type: 4,
      commandName: 'guarded',
      options: { q: 'a' },
      focused: 'q',
    });
    expect((offered.body as { data: { choices: unknown[] } }).data.choices).toEqual([{ name: 'a', value: 'a' }]);
  });

  it('answers a button id that does not parse as expired, without running the handler', async () => {
    const asked = await bot.invoke({ ...at, ...ADMIN, commandName: 'guarded' });
    for (const customId of ['guarded:go:0', 'guarded:go:x', 'guarded:go', 'guarded:stop:7', 'nobody:go:7']) {
      const answer = await press(ADMIN, customId, asked.message?.id);
      expect(responseText(answer), customId).toBe(en.expired());
    }
    expect(ran).toEqual([`execute ${GUILD}`]);
  });

  it('adds a subcommand’s requirements to its command’s, for the subcommand and its buttons', async () => {
    expect(responseText(await bot.invoke({ ...at, ...MEMBER, commandName: 'group', options: [sub('open')] }))).toBe(
      'opened',
    );
    const denied = await bot.invoke({ ...at, ...MEMBER, commandName: 'group', options: [sub('shut')] });
    expect(responseText(denied)).toBe(en.needManageServer());

    const asked = await bot.invoke({ ...at, ...ADMIN, commandName: 'group', options: [sub('shut')] });
    expect(responseText(asked)).toBe('shut?');
    const pressedByMember = await press(MEMBER, 'group:shut:go', asked.message?.id);
    expect(responseText(pressedByMember)).toBe(en.needManageServer());
    expect(ran).toEqual(['open', 'shut']);
    expect(responseText(await press(ADMIN, 'group:shut:go', asked.message?.id))).toBe('shut');
    expect(ran).toEqual(['open', 'shut', 'shut button']);
  });
});

function sub(name: string) {
  return { name, type: 1, options: [] } as never;
}
