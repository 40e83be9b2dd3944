/**
 * The zh-TW and zh-CN names and descriptions of `/alert`, `/story` and the story options of `/subscribe` and
 * `/settings`, spread into the table of `commands.ts` (which checks their shape).
 */
export const STORY_COMMANDS = {
  'subscribe.per-story': {
    name: ['每事件一篇', '每事件一帖'],
    description: [
      '同一事件只發一篇貼文，之後的報導加進該貼文（預設：伺服器設定）',
      '同一事件只发一条帖子，之后的报道添加到该帖子（默认：服务器设置）',
    ],
  },
  'settings.per-story': {
    name: ['每事件一篇', '每事件一帖'],
    description: ['新訂閱與主題預設同一事件只發一篇貼文', '新订阅与主题默认同一事件只发一条帖子'],
  },
  'settings.story-window-hours': {
    name: ['事件時窗', '事件时窗'],
    description: ['多少小時內的其他報導會加進第一篇貼文（1–168）', '多少小时内的其他报道会添加到第一条帖子（1–168）'],
  },
  alert: {
    name: ['快訊', '突发'],
    description: ['事件迅速被多家媒體報導時提及身分組', '事件迅速被多家媒体报道时提及身份组'],
  },
  'alert.set': {
    name: ['設定', '设置'],
    description: ['事件在 M 分鐘內達到 N 家媒體時提及身分組', '事件在 M 分钟内达到 N 家媒体时提及身份组'],
  },
  'alert.set.subscription': { name: ['訂閱', '订阅'], description: ['來源訂閱', '来源订阅'] },
  'alert.set.role': { name: ['身分組', '身份组'], description: ['要提及的身分組', '要提及的身份组'] },
  'alert.set.outlets': { name: ['媒體數', '媒体数'], description: ['幾家媒體（2–20）', '几家媒体（2–20）'] },
  'alert.set.minutes': { name: ['分鐘', '分钟'], description: ['在幾分鐘內（1–1440）', '在几分钟内（1–1440）'] },
  'alert.remove': { name: ['移除', '移除'], description: ['移除訂閱的快訊提醒', '移除订阅的突发提醒'] },
  'alert.remove.subscription': { name: ['訂閱', '订阅'], description: ['來源訂閱', '来源订阅'] },
  'alert.list': { name: ['列表', '列表'], description: ['列出此伺服器的快訊提醒', '列出此服务器的突发提醒'] },
  story: {
    name: ['事件', '事件'],
    description: ['列出各家媒體對同一事件的所有報導', '列出各家媒体对同一事件的全部报道'],
  },
  'story.link': { name: ['網址', '网址'], description: ['其中一篇報導的網址', '其中一篇报道的网址'] },
} as const;
