import type { FiltersCatalogue } from './en-filters.js';

const FILTER_HELP =
  '字段：title:、author:、category:、link:example.com、topic:、entity:，可搭配 "短语"、-排除、a OR b，以及 title:/模式/。';

/** 简体中文：订阅的筛选条件、时间上限与提及规则。 */
export const zhCNFilters: FiltersCatalogue = {
  filterFieldEmpty: (p) => `${p.name}: 后面需要值，例如 ${p.name}:词语 或 ${p.name}:"两个词语"。`,
  filterPatternTooLong: (p) => `模式太长（最多 ${p.max} 个字符）。`,
  filterPatternEmpty: () => '模式是空的：请写在两个斜杠之间，例如 title:/快讯|直播/。',
  filterPatternInvalid: (p) =>
    `Herald 无法运行模式 \`${p.pattern}\`：格式有误，或用了安全引擎不支持的语法（如 \\1 这类反向引用、前瞻或后顾）。${FILTER_HELP}`,
  filterPatternNotClosed: () => '以 / 开头的模式没有结束：请写成 title:/词语|其他词语/。',
  filterWithTopic: () => '主题本身就是筛选条件：请把字段条件直接写进主题，例如 topic: `entity:台湾 -title:广告`。',
  subscribedFilter: (p) =>
    [p.filter ? `，仅限符合 \`${p.filter}\` 的文章` : '', p.hours ? `，跳过超过 ${p.hours} 小时的旧文章` : ''].join(''),
  subscriptionFilter: (p) => `筛选 \`${p.filter}\``,
  subscriptionMaxAge: (p) => `跳过超过 ${p.hours} 小时的文章`,
  mentionRule: (p) => (p.filter ? `符合 \`${p.filter}\` 时提及 <@&${p.role}>` : `每条帖子都提及 <@&${p.role}>`),
  mentionAdded: (p) =>
    p.filter
      ? `订阅 \`${p.subscription}\` 的帖子符合 \`${p.filter}\` 时，现在会提及 <@&${p.role}>。`
      : `订阅 \`${p.subscription}\` 的每条帖子现在都会提及 <@&${p.role}>。`,
  mentionRemoved: (p) => `订阅 \`${p.subscription}\` 的帖子不再提及 <@&${p.role}>。`,
  mentionNotFound: (p) => `订阅 \`${p.subscription}\` 没有提及 <@&${p.role}> 的规则。`,
  mentionTooMany: (p) => `每个订阅最多只能有 ${p.max} 条提及规则。`,
  mentionListTitle: (p) => `**提及规则**（${p.count}）`,
  mentionListEmpty: () => '目前没有提及规则。可用 `/mention add subscription role [filter]` 添加。',
};
