/**
 * Whether a sentence leans on the one before it: it opens with a connective ("However,", "此外，") or a word that
 * points back ("He said…", "Another eight…", "這也…", "兩人…"). Such a sentence is never a key point, and joins a
 * summary only right after its predecessor. The rule looks at the first word only (after opening quotes and
 * brackets), so it misses anaphora further in ("The minister said…") and refuses a few sentences that would have
 * stood alone ("It is raining."); both cost less than a key point that makes no sense on its own.
 */

/** English opening words that refer back, or connect to what was said before. */
const EN_WORDS = new Set([
  // pronouns and determiners that point back
  'he',
  'she',
  'it',
  "it's",
  'they',
  "they're",
  'him',
  'her',
  'his',
  'its',
  'their',
  'them',
  'this',
  'that',
  'these',
  'those',
  'such',
  'another',
  'both',
  'other',
  'others',
  'latter',
  'former',
  // connectives
  'also',
  'and',
  'but',
  'or',
  'nor',
  'yet',
  'so',
  'still',
  'however',
  'moreover',
  'furthermore',
  'meanwhile',
  'nevertheless',
  'nonetheless',
  'instead',
  'besides',
  'otherwise',
  'therefore',
  'thus',
  'hence',
  'consequently',
  'accordingly',
  'likewise',
  'similarly',
  'additionally',
  'then',
  'afterwards',
  'afterward',
  'later',
  'again',
  'indeed',
  'regardless',
]);

/** English openings of several words that refer back. */
const EN_PHRASES =
  /^(?:the (?:latter|former|same|other|rest)|in (?:addition|contrast|turn|response|that case|particular)|by contrast|on the other hand|as a result|even so|that said|for (?:example|instance)|in fact|as such|at the same time|after that|before that|by then|since then|until then|to that end|(?:\p{L}+ )?of (?:them|these|those)|among (?:them|these|those))\b/u;

/** After "this", "these", "that", a time word makes the sentence stand alone: "This year, …", "That morning …" is not. */
const EN_TIME = new Set([
  'year',
  'week',
  'month',
  'morning',
  'afternoon',
  'evening',
  'weekend',
  'summer',
  'winter',
  'spring',
  'autumn',
  'season',
  'decade',
  'century',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/** "So far…", "Later this year…" and "Both Russia and Ukraine…" do not lean on anything. */
const EN_EXCEPTIONS = /^(?:so far|still images?|later (?:this|in|next)|both\b.*\band)\b/u;

/**
 * Chinese (Traditional and Simplified) and Japanese openings that refer back or connect. Matched as prefixes, so each
 * entry is a whole word: "此" covers 此外, 此前, 此次, 此舉; "他" covers 他表示, 他們, 他还; "但" covers 但是.
 */
const CJK_PREFIXES = [
  // pronouns and demonstratives
  '他',
  '她',
  '它',
  '此',
  '這',
  '这',
  '該',
  '该',
  '其',
  '上述',
  '前者',
  '後者',
  '后者',
  '那些',
  '那麼',
  '那么',
  '那時',
  '那时',
  '那個',
  '那个',
  '兩人',
  '两人',
  '雙方',
  '双方',
  '對此',
  '对此',
  '為此',
  '为此',
  '就此',
  '據此',
  '据此',
  // connectives
  '但',
  '不過',
  '不过',
  '可是',
  '然而',
  '而且',
  '而',
  '並且',
  '并且',
  '並',
  '且',
  '因此',
  '因而',
  '所以',
  '於是',
  '于是',
  '另',
  '同時',
  '同时',
  '與此同時',
  '与此同时',
  '隨後',
  '随后',
  '之後',
  '之后',
  '接著',
  '接着',
  '然後',
  '然后',
  '後來',
  '后来',
  '也',
  '還有',
  '还有',
  '甚至',
  '尤其',
  '例如',
  '比如',
  '譬如',
  '總之',
  '总之',
  '換言之',
  '换言之',
  '即便如此',
  '儘管如此',
  '尽管如此',
  '除此之外',
  '除此以外',
  '不僅如此',
  '不仅如此',
  '相反',
  '反之',
  '事實上',
  '事实上',
  '實際上',
  '实际上',
  // Japanese
  'しかし',
  'また',
  'さらに',
  'ただし',
  'そして',
  'その',
  'それ',
  'これ',
  'この',
  '彼',
];

/**
 * Words that start with one of {@link CJK_PREFIXES} but do not lean on anything: 也门 is Yemen, 他信 Thaksin, 彼得
 * Peter, 但丁 Dante, 這週 "this week".
 */
const CJK_EXCEPTIONS = ['也門', '也门', '他信', '彼得', '但丁', '這週', '这周', '這個月', '这个月'];

/** Opening quotes, brackets and dashes skipped before the first word. */
const OPENING = /^[\s"'“‘«「『（(【《〔\-–—•*]+/u;

/** True when the sentence opens with a word that refers back to, or connects with, the sentence before it. */
export function leansOnPrevious(sentence: string): boolean {
  const text = sentence.replace(OPENING, '');
  if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) {
    if (CJK_EXCEPTIONS.some((w) => text.startsWith(w))) return false;
    return CJK_PREFIXES.some((w) => text.startsWith(w));
  }
  const lower = text.slice(0, 80).toLowerCase().replace(/’/g, "'");
  if (EN_EXCEPTIONS.test(lower)) return false;
  if (EN_PHRASES.test(lower)) return true;
  const words = /^(\p{L}+(?:['-]\p{L}+)*)(?:[^\p{L}]+(\p{L}+))?/u.exec(lower);
  const [, first = '', second = ''] = words ?? [];
  if (!EN_WORDS.has(first)) return false;
  return !((first === 'this' || first === 'that' || first === 'these') && EN_TIME.has(second));
}
