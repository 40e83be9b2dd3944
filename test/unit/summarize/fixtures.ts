import { readFileSync } from 'node:fs';

const dir = new URL('../../fixtures/articles/', import.meta.url);

/** The seed DW article as a feed reader rendered it: a Markdown title line, a rule, then the item's HTML. */
export function dwSeed(): { title: string; html: string } {
  const md = readFileSync(new URL('dw-zh-article.md', dir), 'utf8');
  const title = /^\[([^\]]+)\]/m.exec(md)?.[1] ?? '';
  return { title, html: md.slice(md.indexOf('\n------\n') + 8) };
}

/** A short English news article in HTML, with a figure, share and related blocks and a copyright footer. */
export function englishArticle(): { title: string; html: string } {
  return {
    title: 'European ports lose traffic as ships avoid the Red Sea',
    html: readFileSync(new URL('en-article.html', dir), 'utf8'),
  };
}

/** A news page shaped like The Guardian's: a standfirst without a full stop, subheadings, a list, a `<br>` heading. */
export function standfirstPage(): { title: string; html: string } {
  return {
    title: 'Record number of journalists killed as attacks on the press spread',
    html: readFileSync(new URL('en-standfirst.html', dir), 'utf8'),
  };
}
