import { describe, expect, it } from 'vitest';
import { leansOnPrevious } from '../../../src/summarize/anaphora.js';

describe('leansOnPrevious', () => {
  it.each([
    'Another eight have been killed so far this year.',
    'However, the group said the true number was probably higher.',
    'He said governments had to do far more.',
    '“She was not there,” a witness said.',
    'They were released on Friday.',
    "It's the third such attack this month.",
    'This was the highest number since records began.',
    'These figures do not include freelancers.',
    'Such measures were no substitute for political will.',
    'But the plan was dropped.',
    'Meanwhile, prices kept rising.',
    'In addition, the ministry will hire 300 inspectors.',
    'On the other hand, exports grew.',
    'As a result, flights were cancelled.',
    'Of those, 12 were journalists.',
    'Most of them were later released.',
    'The latter denied the claim.',
    'Both men were arrested.',
    'In fact, the numbers were lower.',
  ])('English: %s', (sentence) => {
    expect(leansOnPrevious(sentence)).toBe(true);
  });

  it.each([
    'Attacks against the press reached a record last year.',
    'This year the programme will offer legal aid.',
    'That morning, 40 people gathered outside the court.',
    'So far this year, 18 have been killed.',
    'Later this month the court will rule.',
    'Both Russia and Ukraine claimed the village.',
    'Then-president Barack Obama signed the law.',
    'Hisham Matar won the prize.',
    'Theresa May resigned.',
    'Hereford council approved the plan.',
    'Italy’s government fell on Tuesday.',
    '2024 was the hottest year on record.',
    'There are 5 candidates.',
    '',
  ])('English, standing alone: %s', (sentence) => {
    expect(leansOnPrevious(sentence)).toBe(false);
  });

  it.each([
    '這也是兩國首次恢復軍方對話。',
    '此外，雙方同意恢復禁毒合作。',
    '他表示，美方不會讓步。',
    '她说，会议将在下周举行。',
    '兩人會後，美國國務院發言人米勒表示，雙方討論了台海議題。',
    '這些議題被外界視為中美之間較難超越的歧見。',
    '而針對TikTok可能在美國遭全面封殺，中國批評美方。',
    '該報導更引述學者說法。',
    '但是双方仍有分歧。',
    '不過，美方仍然擔憂。',
    '与此同时，中国外交部发表声明。',
    '事實上，兩國早已同意合作。',
    '「他說的不是事實」，發言人表示。',
    'しかし、計画は中止された。',
    'その後、彼は辞任した。',
  ])('Chinese and Japanese: %s', (sentence) => {
    expect(leansOnPrevious(sentence)).toBe(true);
  });

  it.each([
    '（德國之聲中文網）美國國務卿布林肯週五會晤中國外長王毅。',
    '美國官員曾透露，布林肯希望中國能夠保持冷靜。',
    '王毅說：「中方的核心利益不斷受到挑戰。」',
    '也门胡塞武装再次袭击商船。',
    '他信返回泰國後首次公開露面。',
    '彼得·潘是一部小說。',
    '這週台股大漲。',
    '并购案于周一完成。',
    '那不勒斯市長宣布新計畫。',
    '東京都は１日、新しい計画を発表した。',
  ])('Chinese and Japanese, standing alone: %s', (sentence) => {
    expect(leansOnPrevious(sentence)).toBe(false);
  });
});
