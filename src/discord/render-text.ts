import type { MessageBody } from './render.js';

/** A message as a terminal would show it: what `herald preview` prints. */
export function postToText(body: MessageBody): string {
  const lines: string[] = [];
  if (body.content) lines.push(body.content);
  for (const embed of body.embeds ?? []) {
    lines.push(`┌ ${embed.title ?? ''}`);
    if (embed.url) lines.push(`│ ${embed.url}`);
    if (embed.description) for (const line of embed.description.split('\n')) lines.push(`│ ${line}`);
    for (const field of embed.fields ?? []) lines.push(`│ ${field.name}: ${field.value.replaceAll('\n', ' ')}`);
    if (embed.image?.url) lines.push(`│ image: ${embed.image.url}`);
    if (embed.thumbnail?.url) lines.push(`│ thumbnail: ${embed.thumbnail.url}`);
    const footer = [embed.footer?.text, embed.timestamp].filter(Boolean).join(' · ');
    lines.push(`└ ${footer}`);
  }
  for (const row of body.components ?? []) {
    for (const part of (row as { components?: Array<{ label?: string; url?: string }> }).components ?? []) {
      if (part.url) lines.push(`[${part.label ?? ''}](${part.url})`);
    }
  }
  return `${lines.join('\n')}\n`;
}
