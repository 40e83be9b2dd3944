/** The zh-TW and zh-CN names and descriptions of `/briefing`, spread into the table of `commands.ts`. */
export const BRIEFING_COMMANDS = {
  briefing: {
    name: ['簡報', '简报'],
    description: ['每日簡報：在設定的時間發布一篇當天的事件整理', '每日简报：在设定的时间发布一篇当天的事件汇总'],
  },
  'briefing.add': { name: ['新增', '添加'], description: ['在頻道中發布每日簡報', '在频道中发布每日简报'] },
  'briefing.add.channel': { name: ['頻道', '频道'], description: ['發布簡報的頻道', '发布简报的频道'] },
  'briefing.add.time': {
    name: ['時間', '时间'],
    description: ['當地時間，24 小時制 HH:MM（例如 08:00）', '当地时间，24 小时制 HH:MM（例如 08:00）'],
  },
  'briefing.add.days': { name: ['日子', '日子'], description: ['哪幾天（預設：每天）', '哪几天（默认：每天）'] },
  'briefing.add.days.daily': { name: ['每天', '每天'] },
  'briefing.add.days.weekdays': { name: ['週一至週五', '周一至周五'] },
  'briefing.add.days.weekends': { name: ['週六與週日', '周六和周日'] },
  'briefing.add.feed': {
    name: ['來源', '来源'],
    description: ['只整理此來源（預設：伺服器的所有來源）', '只汇总此来源（默认：服务器的所有来源）'],
  },
  'briefing.add.topic': {
    name: ['主題', '主题'],
    description: ['只整理符合此搜尋條件的文章', '只汇总符合此搜索条件的文章'],
  },
  'briefing.add.language': {
    name: ['語言', '语言'],
    description: [
      '語言：source（原文）或 en、zh-TW、zh-CN…（預設：伺服器設定）',
      '语言：source（原文）或 en、zh-TW、zh-CN…（默认：服务器设置）',
    ],
  },
  'briefing.add.style': {
    name: ['風格', '风格'],
    description: ['摘要風格（預設：伺服器設定）', '摘要风格（默认：服务器设置）'],
  },
  'briefing.add.style.brief': { name: ['簡短', '简短'] },
  'briefing.add.style.standard': { name: ['標準', '标准'] },
  'briefing.add.style.detailed': { name: ['詳細', '详细'] },
  'briefing.add.timezone': {
    name: ['時區', '时区'],
    description: [
      'IANA 時區，例如 Asia/Taipei（預設：伺服器設定）',
      'IANA 时区，例如 Asia/Shanghai（默认：服务器设置）',
    ],
  },
  'briefing.list': { name: ['列表', '列表'], description: ['列出此伺服器的簡報', '列出此服务器的简报'] },
  'briefing.remove': { name: ['移除', '移除'], description: ['移除簡報', '删除简报'] },
  'briefing.remove.id': {
    name: ['編號', '编号'],
    description: ['簡報編號（見 /briefing list）', '简报编号（见 /briefing list）'],
  },
  'briefing.preview': {
    name: ['預覽', '预览'],
    description: ['顯示下一份簡報此刻的內容', '显示下一份简报此刻的内容'],
  },
  'briefing.preview.id': {
    name: ['編號', '编号'],
    description: ['簡報編號（見 /briefing list）', '简报编号（见 /briefing list）'],
  },
} as const;
