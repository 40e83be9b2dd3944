import { type ButtonInteraction, ChannelType, MessageFlags } from 'discord.js';
import { z } from 'zod';
import type { Catalogue } from '../i18n/messages.js';
import { customIds } from './custom-ids.js';
import { createRestPoster, type Poster } from './poster.js';
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

/** Sends this process started, by preview message id, so a double click posts once; the oldest are forgotten. */
const sending = new Map<string, Promise<void>>();
const MAX_REMEMBERED = 500;

/**
 * "Send to channel": posts the previewed message, as shown, to the channel once. The button goes away with the first
 * press; a press that arrives before that (a double click) waits for the first one's post instead of posting again.
 * Across processes, the post's nonce (from the preview's message id) makes Discord answer a second press with the
 * first post, and in a forum a post the bot started since the preview was shown, with the same name, is taken for it.
 */
export async function sendPreview(interaction: ButtonInteraction, t: Catalogue): Promise<void> {
  const press = previewIds.parse(interaction.customId);
  await interaction.deferUpdate();
  const shown = interaction.message;
  const links = shown.components.map((row) => row.toJSON()).filter((row) => !hasCustomId(row));
  const { channel, type } = press.data;
  let send = sending.get(shown.id);
  if (!send) {
    const body: MessageBody = {
      ...(shown.content ? { content: shown.content } : {}),
      embeds: shown.embeds.map((e) => writable(e.toJSON() as Embed)),
      ...(links.length ? { components: links as Row[] } : {}),
      allowed_mentions: { parse: [] },
    };
    const earlier = interaction.guildId ? { guildId: interaction.guildId, since: shown.createdTimestamp } : undefined;
    send = postOnce(createRestPoster(interaction.client.rest), channel, type, body, `pv${shown.id}`, earlier, t);
    sending.set(shown.id, send);
    send.catch(() => sending.delete(shown.id));
    const oldest = sending.keys().next().value;
    if (sending.size > MAX_REMEMBERED && oldest !== undefined) sending.delete(oldest);
  }
  await send;
  await interaction.editReply({ components: links });
  await interaction.followUp({
    content: t.previewSent({ channel }),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

async function postOnce(
  poster: Poster,
  channel: string,
  type: number,
  body: MessageBody,
  nonce: string,
  earlier: { guildId: string; since: number } | undefined,
  t: Catalogue,
): Promise<void> {
  if (type === ChannelType.GuildForum && poster.startThread) {
    const name = body.embeds?.[0]?.title ?? body.content ?? t.previewSendButton();
    await poster.startThread(channel, name.slice(0, 100), body, earlier);
  } else {
    await poster.post(channel, body, nonce);
  }
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
