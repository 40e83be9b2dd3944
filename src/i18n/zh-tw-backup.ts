import type { BackupCatalogue } from './en-backup.js';

/** 繁體中文：`/backup` 備份與還原伺服器設定。 */
export const zhTWBackup: BackupCatalogue = {
  backupExported: (p) =>
    `此伺服器的設定備份（${p.count} 個訂閱及其頻道、身分組與設定，${p.briefings > 0 ? `${p.briefings} 份簡報，` : ''}以及伺服器設定）：可用 \`/backup import\` 還原到這裡或其他伺服器。`,
  backupRestored: (p) =>
    `備份已還原：新建 **${p.added}** 個訂閱${p.already > 0 ? `，另有 ${p.already} 個原本就在，已依備份設定` : ''}。這些來源之前發布的內容不會發文。`,
  backupProblems: (p) => `有 **${p.count}** 項無法照備份還原：`,
  backupMissingChannel: (p) => `這裡沒有 #${p.name} 頻道：${p.count} 個訂閱未還原（建立或改名一個頻道後再匯入一次）`,
  backupBriefingsRestored: (p) => `新建 **${p.count}** 份簡報。`,
  backupMissingBriefingChannel: (p) =>
    `這裡沒有 #${p.name} 頻道：${p.count} 份簡報未還原（建立或改名一個頻道後再匯入一次）`,
  backupRefusedBriefing: (p) => `${p.time} 的簡報：${p.reason}`,
  backupMissingForum: (p) =>
    `這裡沒有 #${p.name} 論壇頻道：${p.count} 個標籤對應未還原（建立或改名一個論壇頻道後再匯入一次）`,
  backupMissingRole: (p) => `這裡沒有 @${p.name} 身分組：略過 ${p.count} 個提及`,
  backupRefused: (p) => `${p.value}：${p.reason}`,
  backupRefusedSettings: (p) => `伺服器設定：${p.reason}`,
  backupUnknownKey: (p) => `這個 Herald 不認得 \`${p.name}\`：已略過`,
  backupSkipped: (p) => `有 ${p.count} 個訂閱來不及處理：請再匯入一次檔案以還原。`,
  backupTooLarge: (p) => `此檔案大於 ${p.max} KiB，Herald 備份不會這麼大。`,
  backupNotJson: () => '此檔案不是 JSON：請選擇 `/backup export` 產生的檔案。',
  backupNotBackup: () => '此檔案不是 Herald 備份：請選擇 `/backup export` 產生的檔案。',
  backupNewer: (p) => `此備份由較新版的 Herald 產生，這個版本只能讀取格式 ${p.max} 以前的備份。請先更新 Herald。`,
  backupInvalid: (p) => `此備份已損壞：\`${p.name || '（整份文件）'}\` 缺少了，或不是 Herald 在那裡寫入的內容。`,
  backupTopicFeed: (p) => `只追蹤 ${p.url}，但此伺服器沒有追蹤這個來源`,
};
