import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

/** The TypeScript files under `src/<dir>`, as paths relative to src/. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** What a file imports from src/ (static, re-exported or dynamic), as paths relative to src/ without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(SRC, resolve(SRC, dirname(file), s)).replace(/\.js$/, ''));
}

const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

describe('the layers around the publishing port', () => {
  it('keeps src/pipeline/ free of src/discord/', () => {
    const offending = filesUnder('pipeline').flatMap((f) =>
      importsOf(f)
        .filter((i) => within(i, 'discord'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('lets src/discord/ import nothing from src/pipeline/ but its ports', () => {
    const offending = filesUnder('discord').flatMap((f) =>
      importsOf(f)
        .filter((i) => within(i, 'pipeline') && !within(i, 'pipeline/ports'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the ports a leaf: they import only src/domain and src/store', () => {
    const ports = filesUnder('pipeline/ports');
    expect(ports.length).toBeGreaterThan(0);
    const offending = ports.flatMap((f) =>
      importsOf(f)
        .filter((i) => !within(i, 'domain') && !within(i, 'store'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offending).toEqual([]);
  });
});
