import type { MessageBody } from './render.js';

/** A message as a terminal would show it: what `herald preview` prints. */
export function postToText(body: MessageBody): string {
  const lines: string[] = [];
  if (body.content) lines.push(body.content);
  for (const embed of body.embeds ?? []) {
    lines.push(`┌ ${embed.title ?? ''}`);
    if (embed.url) lines.push(`│ ${embed.url}`);
    for (const line of (embed.description ?? '').split('\n')) lines.push(`│ ${line}`);
    if (embed.image?.url) lines.push(`│ image: ${embed.image.url}`);
    const footer = [embed.footer?.text, embed.timestamp].filter(Boolean).join(' · ');
    lines.push(`└ ${footer}`);
  }
  return `${lines.join('\n')}\n`;
}
