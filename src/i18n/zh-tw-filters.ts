import type { FiltersCatalogue } from './en-filters.js';

const FILTER_HELP =
  '欄位：title:、author:、category:、link:example.com、topic:、entity:，可搭配 "片語"、-排除、a OR b，以及 title:/樣式/。';

/** 繁體中文：訂閱的篩選條件、時間上限與提及規則。 */
export const zhTWFilters: FiltersCatalogue = {
  filterFieldEmpty: (p) => `${p.name}: 後面需要值，例如 ${p.name}:字詞 或 ${p.name}:"兩個字詞"。`,
  filterPatternTooLong: (p) => `樣式太長（最多 ${p.max} 個字元）。`,
  filterPatternEmpty: () => '樣式是空的：請寫在兩個斜線之間，例如 title:/快訊|直播/。',
  filterPatternInvalid: (p) =>
    `Herald 無法執行樣式 \`${p.pattern}\`：格式有誤，或用了安全引擎不支援的語法（如 \\1 這類反向參照、前瞻或後顧）。${FILTER_HELP}`,
  filterPatternNotClosed: () => '以 / 開頭的樣式沒有結束：請寫成 title:/字詞|其他字詞/。',
  filterWithTopic: () => '主題本身就是篩選條件：請把欄位條件直接寫進主題，例如 topic: `entity:台灣 -title:廣告`。',
  subscribedFilter: (p) =>
    [p.filter ? `，僅限符合 \`${p.filter}\` 的文章` : '', p.hours ? `，略過超過 ${p.hours} 小時的舊文章` : ''].join(''),
  subscriptionFilter: (p) => `篩選 \`${p.filter}\``,
  subscriptionMaxAge: (p) => `略過超過 ${p.hours} 小時的文章`,
  mentionRule: (p) => (p.filter ? `符合 \`${p.filter}\` 時提及 <@&${p.role}>` : `每則貼文都提及 <@&${p.role}>`),
  mentionAdded: (p) =>
    p.filter
      ? `訂閱 \`${p.subscription}\` 的貼文符合 \`${p.filter}\` 時，現在會提及 <@&${p.role}>。`
      : `訂閱 \`${p.subscription}\` 的每則貼文現在都會提及 <@&${p.role}>。`,
  mentionRemoved: (p) => `訂閱 \`${p.subscription}\` 的貼文不再提及 <@&${p.role}>。`,
  mentionNotFound: (p) => `訂閱 \`${p.subscription}\` 沒有提及 <@&${p.role}> 的規則。`,
  mentionTooMany: (p) => `每個訂閱最多只能有 ${p.max} 條提及規則。`,
  mentionListTitle: (p) => `**提及規則**（${p.count}）`,
  mentionListEmpty: () => '目前沒有提及規則。可用 `/mention add subscription role [filter]` 新增。',
};
