import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

/** Every command file, with its text. */
function commandSources(): Array<{ file: string; text: string }> {
  return readdirSync(join(ROOT, 'commands'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: join('commands', f), text: readFileSync(join(ROOT, 'commands', f), 'utf8') }));
}

/** `file:line: text` for each line of the command files that matches `pattern`. */
function offending(pattern: RegExp): string[] {
  return commandSources().flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('commands/', () => {
  it('is scanned whole: every command and subcommand file', () => {
    const files = commandSources().map((s) => s.file);
    expect(files.length).toBeGreaterThan(14);
    expect(files).toEqual(expect.arrayContaining(['commands/subscribe.ts', join('commands', 'feed', 'remove.ts')]));
  });

  it('calls use cases, never the store', () => {
    expect(offending(/\bdeps\.store\b|\.store\.|\bstore\s*[,)]|\{[^}]*\bstore\b[^}]*\}\s*=\s*deps/)).toEqual([]);
  });

  it('leaves permissions, the guild and button ids to the router and the codecs', () => {
    expect(offending(/requireManageServer|memberPermissions|guildId as string|\.split\(\s*['"]:['"]/)).toEqual([]);
  });
});
