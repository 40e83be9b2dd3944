import { numbersIn } from '../../summarize/numbers.js';
import { toScript } from '../../text/zh-script.js';

/**
 * A title as stories compare it: NFKC, case-folded, Traditional folded to Simplified, spaces collapsed; `|` (which
 * separates the parts of a stored signature) read as a space. Punctuation stays: "6.1" is one number.
 */
export function titleKey(title: string): string {
  const raw = title.normalize('NFKC').toLowerCase();
  const folded = /\p{Script=Han}/u.test(raw) ? toScript(raw, 'zh-CN') : raw;
  return folded.replace(/[|\s]+/g, ' ').trim();
}

/** Words of a title key: a Han character is a word of its own (Chinese headlines have no spaces), "6.1" is one. */
function words(title: string): string[] {
  return title.match(/\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[.,]\p{N}+)*/gu) ?? [];
}

/**
 * Whether two normalized titles read like two items of one template ("EVA Air cancels flights to Okinawa as typhoon
 * approaches" / "… to Manila as …", "氣象署發布海鷗颱風海上警報" / "…鳳凰…"): they begin and end alike and differ in a
 * slot in between, the shared words at least as many as either side's own. A second outlet's headline for a story
 * shares little, and a live update's changes its end ("…, death toll rises to 14"), so neither reads as a template.
 */
export function templateTitles(a: string, b: string): boolean {
  const x = words(a);
  const y = words(b);
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < x.length - prefix &&
    suffix < y.length - prefix &&
    x[x.length - 1 - suffix] === y[y.length - 1 - suffix]
  )
    suffix++;
  if (prefix === 0 || suffix === 0) return false;
  const middleX = x.slice(prefix, x.length - suffix);
  const middleY = y.slice(prefix, y.length - suffix);
  const ownX = middleX.filter((w) => !middleY.includes(w)).length;
  const ownY = middleY.filter((w) => !middleX.includes(w)).length;
  if (ownX === 0 || ownY === 0) return false;
  const shared = prefix + suffix + middleX.length - ownX;
  return shared >= Math.max(ownX, ownY);
}

/**
 * The quantities a title states, each as its first normalized form. A measurement with a fraction (magnitude 6.1,
 * NT$32.15) names the event; a count (9 dead, 4萬人) is what a live update changes.
 */
export function titleNumbers(title: string): string[] {
  return [...new Set(numbersIn(title).map((forms) => forms[0] ?? ''))].filter(Boolean).sort();
}

/**
 * Whether the titles' numbers say two stories are different: the titles are the same words around different numbers
 * (items of a numbered template: "Bulletin 3", "Bulletin 4"), or both state measurements with a fraction and share
 * none (a 6.1 and a 5.8 earthquake). Counts alone never part two reports: a death toll rises between updates.
 */
export function numbersDiffer(titleA: string, titleB: string): boolean {
  const a = titleNumbers(titleA);
  const b = titleNumbers(titleB);
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (same(a, b)) return false;
  const bare = (title: string) => title.replace(/\d+(?:[.,]\d+)*/g, '#');
  if (bare(titleA) === bare(titleB)) return true;
  const measuresA = a.filter((v) => v.includes('.'));
  const measuresB = b.filter((v) => v.includes('.'));
  return measuresA.length > 0 && measuresB.length > 0 && !measuresA.some((v) => measuresB.includes(v));
}
