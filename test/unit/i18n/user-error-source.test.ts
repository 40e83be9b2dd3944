import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en.js';
import { UserError } from '../../../src/i18n/user-error.js';

const ROOT = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** The first argument of the call whose `(` is at `open`: up to the `,` or `)` that closes it at its own depth. */
function firstArgument(text: string, open: number): string {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return text.slice(open + 1, i);
      depth--;
    } else if (c === ',' && depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unclosed call');
}

describe('UserError', () => {
  it('is thrown from src/ and commands/ with a catalogue key, never with a sentence', () => {
    const found: Array<{ where: string; arg: string }> = [];
    for (const file of [...sources('src'), ...sources('commands')]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const call of text.matchAll(/new UserError\(/g)) {
        const line = text.slice(0, call.index).split('\n').length;
        found.push({ where: `${relative(ROOT, join(ROOT, file))}:${line}`, arg: firstArgument(text, call.index + 13) });
      }
    }
    // A key, or a choice between keys (`cond ? 'a' : 'b'`): string literals of catalogue keys and nothing built.
    const bad = found.filter(({ arg }) => {
      const literals = [...arg.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
      return /[`"]/.test(arg) || literals.length === 0 || literals.some((k) => !Object.hasOwn(en, k));
    });
    expect(bad).toEqual([]);
    // The scan sees the calls it is meant to: the pipeline's, the parsers' and the commands'.
    expect(found.length).toBeGreaterThan(60);
    expect(found.map((f) => f.where.split(':')[0])).toEqual(
      expect.arrayContaining([
        'src/pipeline/use-cases/add-feed.ts',
        'src/search/query.ts',
        'src/feeds/opml.ts',
        'commands/search.ts',
      ]),
    );
  });

  it('carries its key and parameters, and its English text for logs and the command line', () => {
    const err = new UserError('feedUrlInvalid', { value: 'example.org/feed' });
    expect(err).toMatchObject({ key: 'feedUrlInvalid', params: { value: 'example.org/feed' } });
    expect(err.message).toBe('"example.org/feed" is not a URL. Give the feed\'s full address, starting with https://.');
  });
});
