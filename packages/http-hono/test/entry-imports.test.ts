import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module specifier reachable from `entry` through relative imports. */
function reachableSpecifiers(entry: string): { files: string[]; external: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/gu)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/u, '.ts')));
      else external.add(spec);
    }
  };
  visit(entry);
  return { files: [...seen], external };
}

describe('package entries', () => {
  it('the main entry (router, admin, wire) imports no node: module', () => {
    const { files, external } = reachableSpecifiers(resolve(SRC, 'index.ts'));
    expect(files.length).toBeGreaterThan(20);
    expect([...external].filter((s) => s.startsWith('node:'))).toEqual([]);
  });

  it('the fs-blobs entry holds the filesystem store', () => {
    const { external } = reachableSpecifiers(resolve(SRC, 'blobs/index.ts'));
    expect(external.has('node:fs')).toBe(true);
  });
});
