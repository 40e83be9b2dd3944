import { PermissionFlagsBits as F, OverwriteType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { permissionsIn } from '../../../src/discord/channel-permissions.js';
import { en } from '../../../src/i18n/en.js';
import { pickLocale } from '../../../src/i18n/locale.js';
import { messages } from '../../../src/i18n/messages.js';

describe('pickLocale', () => {
  it('maps Discord locales and BCP 47 tags to the three catalogues', () => {
    expect(['zh-TW', 'zh-HK', 'zh-Hant-TW', 'zh-CN', 'zh', 'zh-Hans', 'en-GB', 'de', null].map(pickLocale)).toEqual([
      'zh-TW',
      'zh-TW',
      'zh-TW',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'en-US',
      'en-US',
      'en-US',
    ]);
  });

  it('has every message in every catalogue, none empty', () => {
    for (const locale of ['en-US', 'zh-TW', 'zh-CN'] as const) {
      const catalogue = messages(locale);
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      expect(catalogue.confirmButton().length).toBeGreaterThan(0);
    }
    expect(messages('zh-CN').feedRemoved({ feed: 'DW', count: 2 })).toBe('已移除 **DW**（删除 2 个订阅）。');
  });
});

describe('permissionsIn', () => {
  const guild = {
    id: 'g',
    ownerId: 'owner',
    roles: [
      { id: 'g', permissions: String(F.ViewChannel | F.SendMessages) },
      { id: 'bot-role', permissions: String(F.EmbedLinks) },
      { id: 'admin', permissions: String(F.Administrator) },
    ],
  };
  const bot = { userId: 'bot', roles: ['bot-role'] };

  it('applies @everyone, role and member overwrites in Discord’s order', () => {
    expect(permissionsIn(guild, bot, [])).toBe(F.ViewChannel | F.SendMessages | F.EmbedLinks);
    const everyoneDeny = { id: 'g', type: OverwriteType.Role, allow: '0', deny: String(F.SendMessages) };
    const roleAllow = { id: 'bot-role', type: OverwriteType.Role, allow: String(F.SendMessages), deny: '0' };
    const memberDeny = { id: 'bot', type: OverwriteType.Member, allow: '0', deny: String(F.ViewChannel) };
    expect(permissionsIn(guild, bot, [everyoneDeny]) & F.SendMessages).toBe(0n);
    expect(permissionsIn(guild, bot, [everyoneDeny, roleAllow]) & F.SendMessages).toBe(F.SendMessages);
    expect(permissionsIn(guild, bot, [everyoneDeny, roleAllow, memberDeny]) & F.ViewChannel).toBe(0n);
  });

  it('gives administrators and the owner everything', () => {
    const denyAll = { id: 'g', type: OverwriteType.Role, allow: '0', deny: String(F.ViewChannel) };
    expect(permissionsIn(guild, { userId: 'x', roles: ['admin'] }, [denyAll]) & F.ViewChannel).toBe(F.ViewChannel);
    expect(permissionsIn(guild, { userId: 'owner', roles: [] }, [denyAll]) & F.ViewChannel).toBe(F.ViewChannel);
  });
});
