import type { ThreadsCatalogue } from './en-threads.js';

const ARCHIVE: Record<number, string> = { 60: '1 小时', 1440: '1 天', 4320: '3 天', 10080: '1 周' };
const archive = (minutes: number) => ARCHIVE[minutes] ?? `${minutes} 分钟`;

/** 简体中文：帖子的子区、公告频道的发布与论坛标签。 */
export const zhCNThreads: ThreadsCatalogue = {
  subscribedThreads: (p) =>
    [
      p.archiveMinutes ? `，每条帖子开一个子区（${archive(p.archiveMinutes)}无活动后归档）` : '',
      p.publish
        ? '，每条帖子发布到关注此频道的服务器（按 Discord 的限制每小时最多 10 条；超出的以汇总帖发在本频道，不发布）'
        : '',
    ].join(''),
  subscriptionThreads: (p) =>
    [
      p.archiveMinutes ? `每条帖子开子区（${archive(p.archiveMinutes)}）` : '',
      p.publish ? '发布，每小时 ≤ 10 条（其余以不发布的汇总帖发出）' : '',
    ]
      .filter(Boolean)
      .join(' · '),
  publishNeedsAnnouncement: () => '只有公告频道的帖子可以发布。请选择公告频道，或不要设置 `publish`。',
  threadNeedsTextChannel: () => '只有文字频道或公告频道的帖子可以开子区：论坛帖子本身就是子区，子区里也不能再开子区。',
  forumTagsNotForum: (p) => `<#${p.channel}> 不是论坛频道：只有论坛帖子能加标签。`,
  forumTagUnknown: (p) =>
    p.available
      ? `<#${p.channel}> 没有名为 **${p.tag}** 的标签。它的标签有：${p.available}。`
      : `<#${p.channel}> 还没有任何标签：请先在论坛设置中添加。`,
  forumTagMapped: (p) => `<#${p.channel}> 中关于 **${p.topic}** 的帖子，今后会加上标签 **${p.tag}**。`,
  forumTagRemoved: (p) =>
    `已移除 <#${p.channel}> 中 **${p.topic}** 的标签对应。关于它的帖子只有在论坛有同名标签时才会加标签。`,
  forumTagNotMapped: (p) => `<#${p.channel}> 中没有 **${p.topic}** 的标签对应。可用 \`/forum-tags list\` 查看。`,
  forumTagsNone: () => '没有标签对应。论坛帖子会加上与文章主题同名的论坛标签；其他名称可用 `/forum-tags map` 对应。',
  forumTagsTitle: (p) => `**论坛标签对应**（${p.count}）`,
  forumTagLine: (p) => `• <#${p.channel}>：${p.topic} → **${p.tag}**`,
};
