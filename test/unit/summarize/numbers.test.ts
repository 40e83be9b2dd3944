import { describe, expect, it } from 'vitest';
import { chineseNumeral, numbersIn, unsupportedNumbers } from '../../../src/summarize/numbers.js';

describe('chineseNumeral', () => {
  it('reads simple Chinese numerals', () => {
    expect(chineseNumeral('五')).toBe(5);
    expect(chineseNumeral('十')).toBe(10);
    expect(chineseNumeral('三十五')).toBe(35);
    expect(chineseNumeral('兩千')).toBe(2000);
    expect(chineseNumeral('一百二十萬')).toBe(1_200_000);
    expect(chineseNumeral('三億')).toBe(300_000_000);
    expect(Number.isNaN(chineseNumeral('五個'))).toBe(true);
  });
});

describe('numbersIn', () => {
  it('normalizes full-width digits, separators and halves', () => {
    expect(numbersIn('１２３ 人')).toEqual([['123']]);
    expect(numbersIn('1,234,567 people')).toEqual([['1234567']]);
    expect(numbersIn('超過5個半小時')).toEqual([['5.5']]);
    expect(numbersIn('五個半小時')).toEqual([['5.5']]);
  });

  it('keeps both the bare and the scaled figure', () => {
    expect(numbersIn('120萬人')).toEqual([['120', '1200000']]);
    expect(numbersIn('1.2 million people')).toEqual([['1.2', '1200000']]);
  });

  it('reads 一 in words such as 一度 and 一起 as no number, and 一週 or 一百 as one', () => {
    expect(numbersIn('蘇花公路一度封閉，兩車一起受困')).toEqual([[String(2)]]);
    expect(numbersIn('一週新增86例').map((f) => f[0])).toEqual(['1', '86']);
    expect(numbersIn('一百人').map((f) => f[0])).toEqual(['100']);
  });

  it('reads English number and month words', () => {
    expect(numbersIn('five talks on April 26')).toEqual([['5'], ['4'], ['26']]);
  });
});

describe('unsupportedNumbers', () => {
  const source = '美國國務卿布林肯週五（4月26日）會晤中國外長王毅，兩人舉行超過5個半小時的會議，約有１２０萬人觀看。';

  it('accepts the same numbers written another way', () => {
    expect(unsupportedNumbers('會談持續五個半小時，4月26日舉行。', source)).toEqual([]);
    expect(unsupportedNumbers('The talks on April 26 lasted 5.5 hours; 1.2 million watched.', source)).toEqual([]);
    expect(unsupportedNumbers('一百二十萬人觀看', source)).toEqual([]);
  });

  it('names the numbers the source does not state', () => {
    expect(unsupportedNumbers('會談持續7小時，4月27日舉行。', source)).toEqual(['7', '27']);
    expect(unsupportedNumbers('About 3,000 people protested in 2023.', source)).toEqual(['3000', '2023']);
  });
});
