import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBody } from '../../src/discord/render.js';
import { markdownHazards, visibleText } from '../support/discord-markdown.js';
import { runHeraldWithBudget } from './budget.js';

const PHISH = '[Click here to verify your Discord account](https://evil.example/phish)';
/** C1 controls and the right-to-left override are valid XML, so a feed can carry them. */
const CONTROLS = '\u0085\u009b\u202e';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = (paragraphs: string[]) => xml(paragraphs.map((p) => `<p>${xml(p)}</p>`).join(''));

/** Three items whose text and titles carry a phishing link, Discord Markdown, mentions and control characters. */
function hostileFeed(): string {
  const items = [
    {
      title: 'Account notice',
      paragraphs: [
        `${PHISH} to keep your account active this week.`,
        '# Breaking header line for everyone here',
        '-# small print that hides the real terms',
        '||hidden spoiler text|| with the rest of the story.',
        '> a quoted line that looks like a reply from staff',
        `Ping @everyone and <@123456789012345678> with ${CONTROLS}control characters inside.`,
      ],
    },
    {
      title: `# ||Spoiler|| @here ${PHISH}`,
      paragraphs: [`>>> ${PHISH} quoted from the moderators of this server.`, '- a list item - and more text here'],
    },
    {
      title: `-# small ${CONTROLS}title <@&42> \`\`\`code\`\`\``,
      paragraphs: [`1. first [x](<https://evil.example/a>) point of the numbered list. ${'**bold** '.repeat(400)}`],
    },
  ];
  const entries = items.map(
    (item, i) =>
      `<item><title>${xml(item.title)}</title><link>https://news.example/${i}</link><guid>hostile-${i}</guid>` +
      `<pubDate>Mon, 0${i + 1} Jun 2026 10:00:00 GMT</pubDate><description>${html(item.paragraphs)}</description></item>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>' +
    `<title>${xml(`Hostile ||Feed|| @everyone ${CONTROLS}`)}</title><link>https://news.example/</link>` +
    `<description>hostile</description>${entries.join('')}</channel></rss>`
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-hostile-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('herald preview of a hostile feed', () => {
  it('posts the phishing link, Markdown, mentions and control characters as inert text, within its budget', async () => {
    const file = join(dir, 'hostile.xml');
    await writeFile(file, hostileFeed());
    const run = await runHeraldWithBudget(['preview', file, '--json'], {
      timeoutMs: 60_000,
      env: { ARTICLE_FETCH_FULL_TEXT: 'false' },
    });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const posts = JSON.parse(run.stdout) as MessageBody[];
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      expect(post.allowed_mentions).toEqual({ parse: [], roles: [] });
      const embed = post.embeds?.[0];
      expect(markdownHazards(embed?.title ?? '')).toEqual([]);
      expect(markdownHazards(embed?.description ?? '')).toEqual([]);
      expect(markdownHazards(embed?.footer?.text ?? '').filter((h) => /control|live/.test(h))).toEqual([]);
      expect(embed?.description?.length).toBeLessThanOrEqual(4096);
    }
    const shown = posts.map((p) => visibleText(`${p.embeds?.[0]?.title}\n${p.embeds?.[0]?.description}`)).join('\n');
    // The text still reached the posts, as text.
    expect(shown).toContain(PHISH);
    expect(shown).toContain('# ||Spoiler||');
    expect(shown).toContain('-# small');
  });
});
