import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse.js';
import { decodeFeedBody } from '../../../src/text/decode.js';

const SAMPLE = join(import.meta.dirname, '../../../samples/dw-zh.xml');
const LINK =
  'https://www.dw.com/zh/%E7%8E%8B%E6%AF%85%E7%A8%B1%E4%B8%AD%E7%BE%8E%E9%97%9C%E4%BF%82%E4%BC%81%E7%A9%A9%20%E5%B8%83%E6%9E%97%E8%82%AF%E5%BC%B7%E8%AA%BF%E5%A4%96%E4%BA%A4%E3%80%8C%E9%9D%A2%E5%B0%8D%E9%9D%A2%E3%80%8D/a-68927063';

describe('the bundled DW Chinese sample feed', async () => {
  const feed = await parseFeed(decodeFeedBody(readFileSync(SAMPLE)));
  const article = feed.items[0];

  it('has the feed metadata and three items', () => {
    expect(feed.feed).toEqual({
      title: 'DW 中文 | 德國之聲 - 最新報導',
      link: 'https://www.dw.com/zh',
      language: 'zh-tw',
    });
    expect(feed.items).toHaveLength(3);
    expect(new Set(feed.items.map((i) => i.key)).size).toBe(3);
  });

  it('reads the seed article: title, link, publish time and first image', () => {
    expect(article?.title).toBe('王毅稱中美關係企穩 布林肯強調外交「面對面」');
    expect(article?.link).toBe(LINK);
    expect(article?.published).toBe('2024-04-26T08:47:03.000Z');
    expect(Date.parse(article?.published ?? '')).toBe(1714121223000);
    expect(article?.imageUrl).toBe('https://images.weserv.nl/?url=static.dw.com/image/68924764_303.jpg');
    expect(article?.key).toBe(`g:${LINK}`);
  });

  it('gives text without HTML, in paragraphs', () => {
    const text = article?.contentText ?? '';
    expect(text).not.toMatch(/<[a-z/]/i);
    expect(text).not.toContain('&');
    expect(text).toContain('（德國之聲中文網）美國國務卿布林肯（Antony Blinken）週五（4月26日）會晤中國外長王毅');
    expect(text).toContain('這是布林肯一年內二度訪華之旅的最後一天');
    expect(text.split('\n\n').length).toBeGreaterThan(10);
    expect(article?.contentHtml).toContain('<p>（德國之聲中文網）');
  });
});
