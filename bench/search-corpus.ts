/**
 * A deterministic multilingual corpus for the search and topic benches: half Chinese (Traditional and Simplified
 * alternating), half English, words drawn with a Zipf-like skew so that some terms are common and some rare.
 */

// biome-ignore format: a word list
const ZH_WORDS = [
  '台灣', '半導體', '海峽', '選舉', '經濟', '氣候', '能源', '外交', '北京', '華盛頓', '晶片', '出口', '總統', '政府', '市場', '股市', '利率', '通膨', '疫情',
  '醫院', '學校', '教育', '科技', '人工智慧', '電動車', '颱風', '地震', '旅遊', '文化', '電影', '音樂', '足球', '籃球', '奧運', '軍事', '演習', '飛彈',
  '國防', '貿易', '關稅', '美國', '日本', '韓國', '歐洲', '德國', '法國', '俄羅斯', '烏克蘭', '中東', '以色列', '布林肯', '聯合國', '氣候變遷', '碳排放', '核電',
  '太陽能', '風力', '農業', '糧食', '水災', '乾旱', '人口', '勞工', '薪資', '房價', '銀行', '投資', '創業', '網路', '資安', '駭客',
];
// biome-ignore format: a word list
const EN_WORDS = [
  'the', 'of', 'and', 'to', 'in', 'a', 'is', 'on', 'for', 'with', 'climate', 'change', 'election', 'government',
  'market', 'energy', 'taiwan', 'chips', 'semiconductor', 'export', 'president', 'minister', 'talks', 'summit',
  'sports', 'football', 'league', 'inflation', 'rates', 'bank', 'investment', 'startup', 'security', 'hackers',
  'storm', 'earthquake', 'travel', 'culture', 'film', 'music', 'olympics', 'military', 'drill', 'missile', 'defense',
  'trade', 'tariffs', 'europe', 'germany', 'france', 'russia', 'ukraine', 'israel', 'nations', 'carbon', 'nuclear',
  'solar', 'wind', 'farming', 'food', 'flood', 'drought', 'population', 'workers', 'wages', 'housing', 'network',
  'research', 'university', 'hospital', 'vaccine', 'court', 'ruling', 'police', 'protest', 'strike', 'budget',
];

/** mulberry32: a small seeded PRNG, so every run generates the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A word index skewed towards the start of the list (roughly Zipf). */
function pick<T>(words: readonly T[], rand: () => number): T {
  return words[Math.floor(words.length * rand() ** 2.2)]!;
}

const HAN_POOL =
  '的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真聽世氣信北少關並內加化由卻代軍產入先山五太水萬市眼體別處總才場師書比住員九笑性通目華報立馬命張活難神數件安表原車白應路期叫死常提感金何更反合放做系計或司利受光王果親界及今京務制解各任至清物台象記邊共風戰干接它許八特覺望直服毛林題建南度統色字請交愛讓認算論百吃義科怎元社術結六功指思非流每青管夫連遠資隊跟帶花快條院變聯言權往展該領傳近留紅治決周保達辦運武半候七必城父強步完革深區即求品士轉量空甚眾技輕程告江語英基派滿式李息寫呢識極令黃德收臉錢黨倒未持取設始版雙歷越史商千片容研像找友孩站廣改議形委早房音火際則首單據導影失拿網香似斯專石若兵弟誰校讀志飛觀爭究包組造落視濟喜離虽坐集編宣且';
// biome-ignore format: a word list
const SYLLABLES = [
  'ka', 'to', 'ri', 'men', 'sel', 'dor', 'vi', 'lan', 'qu', 'est', 'bra', 'nor', 'pe', 'lix', 'ton', 'ar',
];

/**
 * A 6,000-word vocabulary in Zipf order: generated filler words, with the named words (those queries and topics
 * use) placed between ranks 40 and 340, where real subject words sit: each a few percent of articles, not most.
 */
function vocabulary(named: readonly string[], makeWord: (rand: () => number) => string, seed: number): string[] {
  const rand = random(seed);
  const words = Array.from({ length: 6_000 }, () => makeWord(rand));
  named.forEach((word, k) => {
    words[40 + Math.floor((k * 300) / named.length)] = word;
  });
  return words;
}

const ZH_VOCAB = vocabulary(
  ZH_WORDS,
  (rand) =>
    Array.from({ length: 2 + Math.floor(rand() * 2) }, () => HAN_POOL[Math.floor(rand() * HAN_POOL.length)]).join(''),
  11,
);
const EN_VOCAB = vocabulary(
  EN_WORDS.slice(10),
  (rand) =>
    Array.from({ length: 2 + Math.floor(rand() * 2) }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(''),
  12,
);

/** Cumulative Zipf (s = 1) weights over 6,000 ranks, for inverse-CDF sampling. */
const ZIPF = (() => {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 1; r <= 6_000; r++) {
    sum += 1 / r;
    cumulative.push(sum);
  }
  return cumulative.map((c) => c / sum);
})();

function zipf<T>(words: readonly T[], rand: () => number): T {
  const u = rand();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return words[lo]!;
}

function zhSentence(rand: () => number, simplified: boolean): string {
  const n = 4 + Math.floor(rand() * 6);
  const text = `${Array.from({ length: n }, () => zipf(ZH_VOCAB, rand)).join('的')}。`;
  // A few characters are swapped to their Simplified forms, enough for the folding to matter.
  return simplified
    ? text.replace(/灣/g, '湾').replace(/體/g, '体').replace(/導/g, '导').replace(/經濟/g, '经济')
    : text;
}

function enSentence(rand: () => number): string {
  const n = 6 + Math.floor(rand() * 10);
  const words = Array.from({ length: n }, () =>
    rand() < 0.35 ? pick(EN_WORDS.slice(0, 10), rand) : zipf(EN_VOCAB, rand),
  );
  return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
}

export interface GeneratedArticle {
  title: string;
  contentText: string;
  categories: string[];
  publishedAt: number;
}

const DAY_MS = 86_400_000;
/** The corpus spans two years. */
const SPAN_MS = 730 * DAY_MS;

/**
 * Article `i` of a corpus of `total` (even: Chinese, odd: English). Articles arrive in order over the last two years,
 * as an archive fills: most were published in the six hours before they arrived, one in ten up to 30 days earlier
 * (a feed's first poll, a late item).
 */
export function article(i: number, now: number, total = i + 1): GeneratedArticle {
  const rand = random(i + 1);
  // Times from a generator of their own, so the texts are those of the earlier, randomly dated corpus.
  const timing = random(2_000_000_011 + i);
  const arrival = now - Math.floor((SPAN_MS * (total - 1 - i)) / total);
  const delay = timing() < 0.1 ? timing() * 30 * DAY_MS : timing() * 6 * 3_600_000;
  const zh = i % 2 === 0;
  const sentence = () => (zh ? zhSentence(rand, i % 4 === 0) : enSentence(rand));
  const sentences = 3 + Math.floor(rand() * 6);
  return {
    title: zh ? zhSentence(rand, i % 4 === 0).slice(0, 30) : enSentence(rand).slice(0, 80),
    contentText: Array.from({ length: sentences }, sentence).join(zh ? '' : ' '),
    categories: [zh ? zipf(ZH_VOCAB, rand) : zipf(EN_VOCAB, rand)],
    publishedAt: arrival - Math.floor(delay),
  };
}

/** A topic query in the search syntax: one to three terms, with phrases, exclusions and OR now and then. */
export function topicQuery(i: number): string {
  const rand = random(1_000_003 + i);
  // People follow subjects, not the commonest words: topic words are drawn uniformly, usually two of them.
  const uniform = (words: readonly string[]) => words[Math.floor(rand() * words.length)]!;
  const word = () => (rand() < 0.5 ? uniform(ZH_WORDS) : uniform(EN_WORDS.slice(10)));
  const terms = [word()];
  if (rand() < 0.15) terms.push(`OR ${word()}`);
  if (rand() < 0.8) terms.push(word());
  if (rand() < 0.15) terms.push(`"${pick(EN_WORDS.slice(10), rand)} ${pick(EN_WORDS.slice(10), rand)}"`);
  if (rand() < 0.2) terms.push(`-${word()}`);
  return terms.join(' ');
}

export const BENCH_QUERIES = [
  '台灣',
  '台湾 半導體',
  '海峽 選舉',
  '布林肯',
  '能',
  '"climate change"',
  'election -sports',
  'taiwan chips',
  'nuclear OR solar',
  '氣候變遷 carbon',
  'hackers since:30d',
  '人工智慧 lang:zh',
];
