import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { LOCALES } from '../../../src/i18n/locale.js';
import { messages } from '../../../src/i18n/messages.js';

describe('/help', () => {
  const names = [...commands.keys()];
  // Every command but /help itself.
  const listed = names.filter((name) => name !== 'help');

  it.each(LOCALES)('names every command in %s, within one message', (locale) => {
    const help = messages(locale).help();
    expect(listed.filter((name) => !help.includes(`\`/${name}`))).toEqual([]);
    expect(help.length).toBeLessThanOrEqual(2000);
  });

  it('knows the commands a server manages its posts with', () => {
    expect(names).toEqual(expect.arrayContaining(['alert', 'story', 'forum-tags', 'template', 'backup', 'help']));
  });
});
