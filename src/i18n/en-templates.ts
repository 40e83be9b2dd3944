/**
 * Message templates and the preview (`/template`, `/subscribe template:`, `/settings template:`). A post's look is one
 * concept, its template: one of the presets or one of the server's own templates.
 */
const PRESETS: Record<string, string> = {
  full: 'summary card',
  compact: 'compact line',
  headline: 'headline only',
  points: 'key points',
  bilingual: 'bilingual',
};

const PLACEHOLDER_LIST =
  '{headline} {headline_original} {summary} {key_points} {topics} {entities} {link} {feed} {author} {published} {image}';

export const enTemplates = {
  /** A preset's name, as autocomplete and replies show it. */
  presetName: (p: { preset: string }) => PRESETS[p.preset] ?? p.preset,
  templateSaved: (p: { name: string }) =>
    `Template **${p.name}** saved. Try it with \`/template preview\`; choose it with \`/subscribe template:\` or \`/settings template:\`.`,
  templateRemoved: (p: { name: string }) =>
    `Template **${p.name}** removed. What used it takes the server’s preset again.`,
  templateList: (p: { names: string[] }) =>
    p.names.length
      ? `**Templates of this server**\n${p.names.map((n) => `• ${n}`).join('\n')}`
      : 'This server has no templates yet. `/template set name: content:` saves one; README “Posts” shows the format.',
  templateUnknown: (p: { name: string }) =>
    `There is no preset or template of this server named **${p.name}**. Presets: full, compact, headline, points, bilingual.`,
  templateBadName: (p: { name: string }) =>
    `**${p.name}** cannot name a template: use 1–32 lowercase letters, digits and hyphens, and not a preset’s name.`,
  templateTooMany: (p: { max: number }) =>
    `A server keeps at most ${p.max} templates. Remove one with \`/template remove\` first.`,
  templateNotJson: () =>
    'A template is one JSON object, such as `{"content": "{headline} {link}"}`; this is not valid JSON.',
  templateBadShape: (p: { path: string }) =>
    `**${p.path}** is not a template field or has the wrong type or length. Fields: content, embed (title, description, color, image, thumbnail, footer, fields, timestamp), button.`,
  templateBadPlaceholder: (p: { name: string }) =>
    `**{${p.name}}** is not a placeholder. Placeholders: ${PLACEHOLDER_LIST}.`,
  templateBadColour: (p: { value: string }) => `**${p.value}** is not a colour: write it as #rrggbb.`,
  templateEmpty: () =>
    'This template shows nothing: give it content, or an embed with a title, description, fields, footer or picture.',
  previewNone: (p: { feed: string }) => `**${p.feed}** has no article yet to preview.`,
  previewSendButton: () => 'Send to channel',
  previewSent: (p: { channel: string }) => `Sent to <#${p.channel}>.`,
};

export type TemplatesCatalogue = typeof enTemplates;
