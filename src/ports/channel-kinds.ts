/**
 * The kinds of channel a subscription's options depend on, numbered as Discord numbers them (its `ChannelType`), and
 * the one rule of which options each allows. `/subscribe` (which refuses what breaks it), a backup restore (which
 * leaves it out) and the publisher (which never asks Discord for it) all apply this rule.
 */
export const TEXT_CHANNEL = 0;
export const ANNOUNCEMENT_CHANNEL = 5;
export const FORUM_CHANNEL = 15;

/** Whether each post in a channel of this type can start a thread of its own: text and announcement channels. */
export function takesThreadPerPost(channelType: number | null): boolean {
  return channelType === TEXT_CHANNEL || channelType === ANNOUNCEMENT_CHANNEL;
}

/** Whether posts in a channel of this type can be published to following servers: announcement channels. */
export function takesPublish(channelType: number | null): boolean {
  return channelType === ANNOUNCEMENT_CHANNEL;
}
