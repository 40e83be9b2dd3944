import type { TemplatesCatalogue } from './en-templates.js';

const PRESETS: Record<string, string> = {
  full: '摘要卡片',
  compact: '精簡一行',
  headline: '只有標題',
  points: '重點',
  bilingual: '雙語',
};

const PLACEHOLDER_LIST =
  '{headline} {headline_original} {summary} {key_points} {topics} {entities} {link} {feed} {author} {published} {image}';

/** 繁體中文：訊息範本與預覽。 */
export const zhTWTemplates: TemplatesCatalogue = {
  presetName: (p) => PRESETS[p.preset] ?? p.preset,
  templateSaved: (p) =>
    `已儲存範本 **${p.name}**。可用 \`/template preview\` 試看，並以 \`/subscribe template:\` 或 \`/settings template:\` 選用。`,
  templateRemoved: (p) => `已移除範本 **${p.name}**。原本使用它的訂閱改回伺服器的預設樣式。`,
  templateList: (p) =>
    p.names.length
      ? `**此伺服器的範本**\n${p.names.map((n) => `• ${n}`).join('\n')}`
      : '此伺服器還沒有範本。用 `/template set name: content:` 儲存一個；格式見 README「Posts」。',
  templateUnknown: (p) =>
    `此伺服器沒有名為 **${p.name}** 的預設樣式或範本。預設樣式：full、compact、headline、points、bilingual。`,
  templateBadName: (p) =>
    `**${p.name}** 不能當作範本名稱：請用 1–32 個小寫英文字母、數字和連字號，且不可與預設樣式同名。`,
  templateTooMany: (p) => `每個伺服器最多保存 ${p.max} 個範本，請先用 \`/template remove\` 移除一個。`,
  templateNotJson: () => '範本是一個 JSON 物件，例如 `{"content": "{headline} {link}"}`；這段文字不是有效的 JSON。',
  templateBadShape: (p) =>
    `**${p.path}** 不是範本欄位，或類型、長度不對。可用欄位：content、embed（title、description、color、image、thumbnail、footer、fields、timestamp）、button。`,
  templateBadPlaceholder: (p) => `**{${p.name}}** 不是預留位置。可用的預留位置：${PLACEHOLDER_LIST}。`,
  templateBadColour: (p) => `**${p.value}** 不是顏色，請寫成 #rrggbb。`,
  templateEmpty: () => '這個範本什麼都不會顯示：請給它 content，或含標題、說明、欄位、頁尾或圖片的 embed。',
  previewNone: (p) => `**${p.feed}** 還沒有可預覽的文章。`,
  previewSendButton: () => '發送到頻道',
  previewSent: (p) => `已發送到 <#${p.channel}>。`,
};
