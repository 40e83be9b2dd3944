import * as OpenCC from 'opencc-js';

/** The two Chinese scripts Herald writes: Traditional as used in Taiwan, Simplified as used in mainland China. */
export type ChineseScript = 'zh-TW' | 'zh-CN';

/**
 * Characters that are standard in Traditional (Taiwan) text yet that OpenCC's Simplified→Traditional step rewrites,
 * because they are also the Simplified form of another character (干 for 幹/乾, 台 for 臺, 后 for 後…). Converting
 * text that is already Traditional must leave them alone, or 干擾 becomes 幹擾.
 */
const SHARED_WITH_TRADITIONAL = new Set(
  Array.from(
    '干台后里斗丑征辟熏游夸采准划占凶云涌于杰仆岩岳余棱范郁朴泄吁咸檐痹杠咨淀涂跖腌膻荐虱帘么幺霉佣腊蜡布才系只了面谷松制志表卷秋舍托致注折',
  ),
);

let converters: { toTraditional: (s: string) => string; toSimplified: (s: string) => string } | null = null;

/** OpenCC's dictionaries take a few hundred milliseconds to load, so only a process that needs them pays. */
function opencc(): NonNullable<typeof converters> {
  converters ??= {
    toTraditional: OpenCC.Converter({ from: 'cn', to: 'tw' }),
    toSimplified: OpenCC.Converter({ from: 'tw', to: 'cn' }),
  };
  return converters;
}

const charClass = new Map<string, 'traditional' | 'simplified' | 'either'>();

/** Whether a Han character is written only in Traditional, only in Simplified, or in both. */
export function classifyHan(char: string): 'traditional' | 'simplified' | 'either' {
  let kind = charClass.get(char);
  if (kind) return kind;
  const { toTraditional, toSimplified } = opencc();
  if (toSimplified(char) !== char) kind = 'traditional';
  else if (toTraditional(char) !== char && !SHARED_WITH_TRADITIONAL.has(char)) kind = 'simplified';
  else kind = 'either';
  charClass.set(char, kind);
  return kind;
}

/** Counts of Traditional-only and Simplified-only characters in the text. */
export function scriptMarks(text: string): { traditional: number; simplified: number } {
  const marks = { traditional: 0, simplified: 0 };
  for (const char of text) {
    if (!/\p{Script=Han}/u.test(char)) continue;
    const kind = classifyHan(char);
    if (kind !== 'either') marks[kind]++;
  }
  return marks;
}

/**
 * A chunk already mostly Traditional keeps its characters and has only its Simplified-only ones replaced (taken from
 * the phrase-aware conversion of the chunk when it keeps its length); any other chunk is converted whole.
 */
function chunkToTraditional(chunk: string): string {
  const converted = opencc().toTraditional(chunk);
  const marks = scriptMarks(chunk);
  if (marks.traditional <= marks.simplified) return converted;
  const original = Array.from(chunk);
  const target = Array.from(converted);
  if (original.length !== target.length) return converted;
  return original.map((c, i) => (classifyHan(c) === 'simplified' ? (target[i] ?? c) : c)).join('');
}

/**
 * Rewrites Chinese text in the target script: Traditional with Taiwan's character forms for `zh-TW`, mainland
 * Simplified for `zh-CN`. Text already in the target script comes back unchanged (OpenCC alone would "correct"
 * 台灣 to 臺灣 and 干擾 to 幹擾); other scripts pass through.
 */
export function toScript(text: string, target: ChineseScript): string {
  if (!/\p{Script=Han}/u.test(text)) return text;
  if (target === 'zh-CN') return opencc().toSimplified(text);
  return text
    .split(/(?<=[。！？；\n])/u)
    .map(chunkToTraditional)
    .join('');
}

/** The script a BCP 47 tag asks for: `zh-TW`/`zh-HK`/`zh-MO`/`zh-Hant…` → Traditional, `zh-CN`/`zh-SG`/`zh-Hans…` → Simplified, else null. */
export function chineseScriptOf(tag: string): ChineseScript | null {
  const parts = tag.toLowerCase().split(/[-_]/);
  if (parts[0] !== 'zh') return null;
  if (parts.includes('hant') || parts.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-TW';
  if (parts.includes('hans') || parts.some((p) => p === 'cn' || p === 'sg' || p === 'my')) return 'zh-CN';
  return null;
}
