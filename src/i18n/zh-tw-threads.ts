import type { ThreadsCatalogue } from './en-threads.js';

const ARCHIVE: Record<number, string> = { 60: '1 小時', 1440: '1 天', 4320: '3 天', 10080: '1 週' };
const archive = (minutes: number) => ARCHIVE[minutes] ?? `${minutes} 分鐘`;

/** 繁體中文：貼文的討論串、公告頻道的發布與論壇標籤。 */
export const zhTWThreads: ThreadsCatalogue = {
  subscribedThreads: (p) =>
    [
      p.archiveMinutes ? `，每則貼文開一個討論串（${archive(p.archiveMinutes)}無活動後封存）` : '',
      p.publish
        ? '，每則貼文發布到追蹤此頻道的伺服器（依 Discord 限制每小時最多 10 則；超過的以彙整貼文發在本頻道，不發布）'
        : '',
    ].join(''),
  subscriptionThreads: (p) =>
    [
      p.archiveMinutes ? `每則貼文開討論串（${archive(p.archiveMinutes)}）` : '',
      p.publish ? '發布，每小時 ≤ 10 則（其餘以不發布的彙整貼文發出）' : '',
    ]
      .filter(Boolean)
      .join(' · '),
  publishNeedsAnnouncement: () => '只有公告頻道的貼文可以發布。請選擇公告頻道，或不要設定 `publish`。',
  threadNeedsTextChannel: () =>
    '只有文字頻道或公告頻道的貼文可以開討論串：論壇貼文本身就是討論串，討論串裡也不能再開討論串。',
  forumTagsNotForum: (p) => `<#${p.channel}> 不是論壇頻道：只有論壇貼文能加上標籤。`,
  forumTagUnknown: (p) =>
    p.available
      ? `<#${p.channel}> 沒有名為 **${p.tag}** 的標籤。它的標籤有：${p.available}。`
      : `<#${p.channel}> 還沒有任何標籤：請先在論壇設定中新增。`,
  forumTagMapped: (p) => `<#${p.channel}> 中關於 **${p.topic}** 的貼文，今後會加上標籤 **${p.tag}**。`,
  forumTagRemoved: (p) =>
    `已移除 <#${p.channel}> 中 **${p.topic}** 的標籤對應。關於它的貼文只有在論壇有同名標籤時才會加上標籤。`,
  forumTagNotMapped: (p) => `<#${p.channel}> 中沒有 **${p.topic}** 的標籤對應。可用 \`/forum-tags list\` 查看。`,
  forumTagsNone: () => '沒有標籤對應。論壇貼文會加上與文章主題同名的論壇標籤；其他名稱可用 `/forum-tags map` 對應。',
  forumTagsTitle: (p) => `**論壇標籤對應**（${p.count}）`,
  forumTagLine: (p) => `• <#${p.channel}>：${p.topic} → **${p.tag}**`,
};
