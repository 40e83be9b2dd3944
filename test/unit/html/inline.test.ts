import { describe, expect, it } from 'vitest';
import { articleText as htmlToText } from '../../../src/html/article-text.js';
import { decodeEntities } from '../../../src/html/entities.js';
import { firstImageSrc, inlineText } from '../../../src/html/inline.js';

describe('htmlToText', () => {
  it('turns block elements into paragraph breaks and drops markup', () => {
    const html = '<p>First <a href="x">link</a>.</p>\n  <p>Second\n  line</p><div>Third</div>';
    expect(htmlToText(html)).toBe('First link.\n\nSecond line\n\nThird');
  });

  it('drops scripts, styles and comments with their content', () => {
    const html = '<style>p{color:red}</style><p>Keep</p><script>alert("x<p>")</script><!-- <p>gone</p> -->';
    expect(htmlToText(html)).toBe('Keep');
  });

  it('keeps <br> as a line break and decodes entities once', () => {
    expect(htmlToText('a<br>b &amp; c &lt;tag&gt; &amp;amp; &#8220;q&#x201D; &nbsp;d')).toBe(
      'a\nb & c <tag> &amp; “q” d',
    );
  });

  it('leaves CJK text intact', () => {
    expect(htmlToText('<p>（德國之聲中文網）美國國務卿布林肯</p><p>第二段。</p>')).toBe(
      '（德國之聲中文網）美國國務卿布林肯\n\n第二段。',
    );
  });

  it('returns an empty string for markup without text', () => {
    expect(htmlToText('<img src="x.jpg"><div> </div>')).toBe('');
  });
});

describe('inlineText', () => {
  it('strips tags, decodes entities and collapses whitespace to one line', () => {
    expect(inlineText('  <b>AT&amp;T</b>\n  raises &quot;prices&quot;  ')).toBe('AT&T raises "prices"');
  });
});

describe('decodeEntities', () => {
  it('decodes numeric, named and windows-1252 references and leaves unknown names', () => {
    expect(decodeEntities('&#146;&eacute;&mdash;&hellip;&unknown;&#0;')).toBe('’é—…&unknown;\ufffd');
  });
});

describe('firstImageSrc', () => {
  it('finds the first img src in any quoting', () => {
    expect(firstImageSrc('<p>x</p><img width="1" src="a.jpg?x=1&amp;y=2"><img src="b.jpg">')).toBe('a.jpg?x=1&y=2');
    expect(firstImageSrc("<IMG SRC='c.png'>")).toBe('c.png');
    expect(firstImageSrc('<p>no image</p>')).toBeNull();
  });
});
