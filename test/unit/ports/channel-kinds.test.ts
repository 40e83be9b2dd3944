import { ChannelType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENT_CHANNEL,
  FORUM_CHANNEL,
  TEXT_CHANNEL,
  takesPublish,
  takesThreadPerPost,
} from '../../../src/ports/channel-kinds.js';

describe('which channels take a thread per post and publishing', () => {
  it('numbers the kinds as Discord does', () => {
    expect([TEXT_CHANNEL, ANNOUNCEMENT_CHANNEL, FORUM_CHANNEL]).toEqual([
      ChannelType.GuildText,
      ChannelType.GuildAnnouncement,
      ChannelType.GuildForum,
    ]);
  });

  it('allows a thread per post in text and announcement channels, publishing in announcement channels only', () => {
    const kinds = [
      ChannelType.GuildText,
      ChannelType.GuildAnnouncement,
      ChannelType.GuildForum,
      ChannelType.PublicThread,
      ChannelType.AnnouncementThread,
      ChannelType.GuildVoice,
      null,
    ];
    expect(kinds.map((k) => [k, takesThreadPerPost(k), takesPublish(k)])).toEqual([
      [0, true, false],
      [5, true, true],
      [15, false, false],
      [11, false, false],
      [10, false, false],
      [2, false, false],
      [null, false, false],
    ]);
  });
});
