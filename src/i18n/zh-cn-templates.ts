import type { TemplatesCatalogue } from './en-templates.js';

const PRESETS: Record<string, string> = {
  full: '摘要卡片',
  compact: '精简一行',
  headline: '仅标题',
  points: '要点',
  bilingual: '双语',
};

const PLACEHOLDER_LIST =
  '{headline} {headline_original} {summary} {key_points} {topics} {entities} {link} {feed} {author} {published} {image}';

/** 简体中文：消息模板与预览。 */
export const zhCNTemplates: TemplatesCatalogue = {
  presetName: (p) => PRESETS[p.preset] ?? p.preset,
  templateSaved: (p) =>
    `已保存模板 **${p.name}**。可以用 \`/template preview\` 试看，并用 \`/subscribe template:\` 或 \`/settings template:\` 选用。`,
  templateRemoved: (p) => `已删除模板 **${p.name}**。原来使用它的订阅改回服务器的预设样式。`,
  templateList: (p) =>
    p.names.length
      ? `**本服务器的模板**\n${p.names.map((n) => `• ${n}`).join('\n')}`
      : '本服务器还没有模板。用 `/template set name: content:` 保存一个；格式见 README“Posts”。',
  templateUnknown: (p) =>
    `本服务器没有名为 **${p.name}** 的预设样式或模板。预设样式：full、compact、headline、points、bilingual。`,
  templateBadName: (p) =>
    `**${p.name}** 不能用作模板名称：请使用 1–32 个小写英文字母、数字和连字符，且不能与预设样式同名。`,
  templateTooMany: (p) => `每个服务器最多保存 ${p.max} 个模板，请先用 \`/template remove\` 删除一个。`,
  templateNotJson: () => '模板是一个 JSON 对象，例如 `{"content": "{headline} {link}"}`；这段文字不是有效的 JSON。',
  templateBadShape: (p) =>
    `**${p.path}** 不是模板字段，或者类型、长度不对。可用字段：content、embed（title、description、color、image、thumbnail、footer、fields、timestamp）、button。`,
  templateBadPlaceholder: (p) => `**{${p.name}}** 不是占位符。可用的占位符：${PLACEHOLDER_LIST}。`,
  templateBadColour: (p) => `**${p.value}** 不是颜色，请写成 #rrggbb。`,
  templateEmpty: () => '这个模板什么都不会显示：请给它 content，或者包含标题、描述、字段、页脚或图片的 embed。',
  previewNone: (p) => `**${p.feed}** 还没有可以预览的文章。`,
  previewSendButton: () => '发送到频道',
  previewSent: (p) => `已发送到 <#${p.channel}>。`,
};
