import type { BackupCatalogue } from './en-backup.js';

/** 简体中文：`/backup` 备份与恢复服务器设置。 */
export const zhCNBackup: BackupCatalogue = {
  backupExported: (p) =>
    `此服务器的设置备份（${p.count} 个订阅及其频道、身份组和设置，${p.briefings > 0 ? `${p.briefings} 份简报，` : ''}以及服务器设置）：可用 \`/backup import\` 恢复到这里或其他服务器。`,
  backupRestored: (p) =>
    `备份已恢复：新建 **${p.added}** 个订阅${p.already > 0 ? `，另有 ${p.already} 个原本就有，已按备份设置` : ''}。这些来源之前发布的内容不会发帖。`,
  backupProblems: (p) => `有 **${p.count}** 项无法按备份恢复：`,
  backupMissingChannel: (p) => `这里没有 #${p.name} 频道：${p.count} 个订阅未恢复（新建或重命名一个频道后再导入一次）`,
  backupBriefingsRestored: (p) => `新建 **${p.count}** 份简报。`,
  backupMissingBriefingChannel: (p) =>
    `这里没有 #${p.name} 频道：${p.count} 份简报未恢复（新建或重命名一个频道后再导入一次）`,
  backupRefusedBriefing: (p) => `${p.time} 的简报：${p.reason}`,
  backupMissingForum: (p) =>
    `这里没有 #${p.name} 论坛频道：${p.count} 个标签对应未恢复（新建或重命名一个论坛频道后再导入一次）`,
  backupMissingRole: (p) => `这里没有 @${p.name} 身份组：跳过 ${p.count} 个提及`,
  backupRefused: (p) => `${p.value}：${p.reason}`,
  backupRefusedSettings: (p) => `服务器设置：${p.reason}`,
  backupUnknownKey: (p) => `这个 Herald 不认识 \`${p.name}\`：已忽略`,
  backupSkipped: (p) => `有 ${p.count} 个订阅来不及处理：请再导入一次文件以恢复。`,
  backupTooLarge: (p) => `此文件大于 ${p.max} KiB，Herald 备份不会这么大。`,
  backupNotJson: () => '此文件不是 JSON：请选择 `/backup export` 生成的文件。',
  backupNotBackup: () => '此文件不是 Herald 备份：请选择 `/backup export` 生成的文件。',
  backupNewer: (p) => `此备份由较新版本的 Herald 生成，当前版本只能读取格式 ${p.max} 及更早的备份。请先升级 Herald。`,
  backupInvalid: (p) => `此备份已损坏：\`${p.name || '（整个文档）'}\` 缺失，或不是 Herald 在那里写入的内容。`,
  backupTopicFeed: (p) => `只关注 ${p.url}，但此服务器没有关注这个来源`,
};
