import { type ButtonInteraction, ChannelType, MessageFlags } from 'discord.js';
import { z } from 'zod';
import type { Catalogue } from '../i18n/messages.js';
import { customIds } from './custom-ids.js';
import { createRestPoster } from './poster.js';
import type { MessageBody } from './render.js';

/** The preview's button: `template:preview:send:<channel>:<channel type>`. */
export const previewIds = customIds('template:preview', {
  send: z.object({ channel: z.string().regex(/^\d{1,20}$/), type: z.coerce.number().int() }),
});

type Embed = NonNullable<MessageBody['embeds']>[number];
type Row = NonNullable<MessageBody['components']>[number];

/**
 * The ephemeral preview of a post: the post as it would be published, and a "Send to channel" button under its own
 * buttons. Mentions stay off: a preview pings no one.
 */
export function previewReply(post: MessageBody, t: Catalogue, channel: { id: string; type: number }) {
  const send: Row = {
    type: 1,
    components: [
      {
        type: 2,
        style: 1,
        label: t.previewSendButton(),
        custom_id: previewIds.encode('send', { channel: channel.id, type: channel.type }),
      },
    ],
  };
  return {
    ...(post.content ? { content: post.content } : {}),
    embeds: post.embeds ?? [],
    components: [...(post.components ?? []), send],
    allowedMentions: { parse: [] as [] },
  };
}

/**
 * "Send to channel": posts the previewed message, as shown, to the channel once. The button goes away with the first
 * press, and the post's nonce (from the preview's message id) makes Discord answer a second press with the first post.
 */
export async function sendPreview(interaction: ButtonInteraction, t: Catalogue): Promise<void> {
  const press = previewIds.parse(interaction.customId);
  await interaction.deferUpdate();
  const shown = interaction.message;
  const links = shown.components.map((row) => row.toJSON()).filter((row) => !hasCustomId(row));
  const body: MessageBody = {
    ...(shown.content ? { content: shown.content } : {}),
    embeds: shown.embeds.map((e) => writable(e.toJSON() as Embed)),
    ...(links.length ? { components: links as Row[] } : {}),
    allowed_mentions: { parse: [] },
  };
  const poster = createRestPoster(interaction.client.rest);
  const { channel, type } = press.data;
  if (type === ChannelType.GuildForum && poster.startThread) {
    const name = body.embeds?.[0]?.title ?? body.content ?? t.previewSendButton();
    await poster.startThread(channel, name.slice(0, 100), body);
  } else {
    await poster.post(channel, body, `pv${shown.id}`);
  }
  await interaction.editReply({ components: links });
  await interaction.followUp({
    content: t.previewSent({ channel }),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

function hasCustomId(row: unknown): boolean {
  const parts = (row as { components?: Array<{ custom_id?: string }> }).components ?? [];
  return parts.some((c) => c.custom_id !== undefined);
}

/** An embed as a message received it, with only what a new message may carry (no proxies or sizes). */
function writable(e: Embed): Embed {
  return {
    ...(e.title !== undefined && { title: e.title }),
    ...(e.description !== undefined && { description: e.description }),
    ...(e.url !== undefined && { url: e.url }),
    ...(e.color !== undefined && { color: e.color }),
    ...(e.timestamp !== undefined && { timestamp: e.timestamp }),
    ...(e.footer && { footer: { text: e.footer.text, ...(e.footer.icon_url && { icon_url: e.footer.icon_url }) } }),
    ...(e.image && { image: { url: e.image.url } }),
    ...(e.thumbnail && { thumbnail: { url: e.thumbnail.url } }),
    ...(e.fields && { fields: e.fields }),
  };
}
